// The part of the packaged-app smoke run that uses the window as a person would: pick a close
// order, set the port and the seconds, Start, watch the counters move, wait for Done. Kept apart
// from the launch so the same steps can be tried against the window in a plain browser.

export class SmokeFailure extends Error {}

function fail(message) {
  throw new SmokeFailure(message);
}

/**
 * Runs one short session through the window and saves screenshots as <out>/2-running.png and
 * <out>/3-done.png. Answers the number of connections the run made.
 */
export async function driveShortRun(page, { mode = 'server', seconds = 5, port = 40000, out }) {
  await page.locator(`input[type="radio"][value="${mode}"]`).check();
  await page.getByLabel('Port', { exact: true }).fill(String(port));
  await page.getByLabel('Seconds per run', { exact: true }).fill(String(seconds));
  // A test run before this one may have left half-connections on the port; they do not matter here.
  await page.getByLabel(/Start even if connections/).check();
  await page.getByRole('button', { name: new RegExp(`^Start ${mode}$`) }).click();

  const connections = async () =>
    Number((await page.getByTestId('connections').innerText()).replace(/\D/g, ''));
  const state = async () => (await page.getByTestId('state').innerText()).trim();

  const started = Date.now();
  while ((await connections()) === 0) {
    if (Date.now() - started > 30_000) fail(`the run did not connect within 30 s (state: ${await state()}).`);
    await page.waitForTimeout(250);
  }
  await page.waitForTimeout((seconds * 1000) / 2);
  await page.screenshot({ path: `${out}/2-running.png` });

  const deadline = Date.now() + (seconds + 60) * 1000;
  while (!/^(done|failed)$/i.test(await state())) {
    if (Date.now() > deadline) fail(`the run did not end within ${seconds + 60} s.`);
    await page.waitForTimeout(250);
  }
  const total = await connections();
  await page.screenshot({ path: `${out}/3-done.png` });
  const ended = await state();
  if (ended.toLowerCase() !== 'done') fail(`the run ended as "${ended}": see 3-done.png.`);
  if (total === 0) fail('the run ended without a single connection.');
  return total;
}
