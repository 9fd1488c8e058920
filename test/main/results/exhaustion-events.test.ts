import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExhaustionEvents, WatchPoll } from '../../../src/shared/watch';
import { writeBundle } from '../../../src/main/results/bundle';
import { reportMarkdown } from '../../../src/main/results/markdown';
import { parseResultsDocument } from '../../../src/main/results/schema';
import { WatchModel } from '../../../src/main/watch/model';
import { windowsSource } from '../../../src/main/watch/windows-source';
import { windowsDocument } from '../../fixtures/results/factory';
import { entryBytes, readZip } from '../../helpers/zip';
import { watchFixture } from '../watch/fixture';
import { ok, standInTools } from '../watch/stand-in-tools';

const NOW = Date.parse('2026-12-03T15:00:00Z');
const LABEL = 'Windows port-exhaustion events (4227, 4231) in the last 24 hours';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sct-events-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The captured German machine through the Windows reader: its events, and a watch poll of its table. */
async function capturedWindows(): Promise<{ events: ExhaustionEvents; poll: WatchPoll }> {
  const { run } = standInTools({
    'netstat -ano -p TCP': ok(watchFixture('netstat-ano-de-tcp-cp850.txt')),
    'netstat -ano -p TCPv6': ok(watchFixture('netstat-ano-de-tcpv6-cp850.txt')),
    tasklist: ok(watchFixture('tasklist-de-cp850.csv')),
    wevtutil: ok(watchFixture('wevtutil-de-cp850.txt')),
  });
  const source = windowsSource({ run, codePage: () => Promise.resolve(850), nowMs: () => NOW });
  const model = new WatchModel(
    {
      platform: 'win32',
      ephemeralRange: { start: 49152, end: 65535, count: 16384 },
      excludedRanges: [],
      timeWaitSeconds: 120,
    },
    { startedMs: NOW - 1000 },
  );
  const info = await source.read(model.begin());
  const events = await source.exhaustionEvents!();
  return { events, poll: model.end(info, { pollMs: 12, nowMs: NOW, exhaustionEvents: events }) };
}

const none: ExhaustionEvents = {
  available: true,
  events: [],
  note: 'No port-exhaustion events (4227, 4231) in the System log in the last 24 hours.',
  source: 'wevtutil qe System',
};
const unreadable: ExhaustionEvents = {
  available: false,
  events: [],
  note: 'The System log could not be read: wevtutil answered "Failed to read events. Access is denied".',
  source: 'wevtutil qe System',
};

describe("Windows' port-exhaustion events in the results", () => {
  it('the captured machine gives a poll whose owners are the programs tasklist names', async () => {
    const { poll, events } = await capturedWindows();
    expect(poll.error).toBeNull();
    expect(poll.machine.exhaustionEvents).toEqual(events);
    const leaker = poll.programs.find((p) => p.pid === 9012);
    expect(leaker).toMatchObject({ name: 'Prüfdienst.exe' });
    expect(leaker!.byState.CLOSE_WAIT).toBe(2);
    expect(poll.programs.find((p) => p.pid === 7720)?.name).toBe('node.exe');
  });

  it('the Markdown report says "none", lists the events, or says why the log could not be read', async () => {
    const { events } = await capturedWindows();
    const at = (e: ExhaustionEvents) =>
      reportMarkdown([
        { ...windowsDocument(), machine: { ...windowsDocument().machine, exhaustionEvents: e } },
      ]);
    expect(at(none)).toContain(`| ${LABEL} | none |`);
    const listed = at(events);
    expect(listed).toContain(`| ${LABEL} | 2 (listed below) |`);
    expect(listed).toContain(`### ${LABEL}`);
    expect(listed).toMatch(
      /- 2026-12-0\d \d\d:\d\d:12, event 4231 \(no ephemeral port was left\): Fehler bei der Anforderung/,
    );
    expect(listed).toMatch(
      /event 4227 \(a local port was reused too soon toward the same destination\): TCP\/IP konnte/,
    );
    expect(at(unreadable)).toContain(
      `| ${LABEL} | unknown (The System log could not be read: wevtutil answered "Failed to read events. Access is denied".) |`,
    );
    // Results from before the events were read, or from other systems, have no such line.
    expect(reportMarkdown([windowsDocument()])).not.toContain(LABEL);
  });

  it('results files with and without the events read back as written', async () => {
    const { events } = await capturedWindows();
    const doc = { ...windowsDocument(), machine: { ...windowsDocument().machine, exhaustionEvents: events } };
    expect(parseResultsDocument(JSON.stringify(doc))).toEqual(doc);
    expect(parseResultsDocument(JSON.stringify(windowsDocument()))).toEqual(windowsDocument());
    const odd = {
      ...doc,
      machine: {
        ...doc.machine,
        exhaustionEvents: { ...events, events: [{ id: 7036, time: '', message: '' }] },
      },
    };
    expect(() => parseResultsDocument(JSON.stringify(odd))).toThrow();
  });
});

describe('the diagnostics bundle', () => {
  it('holds the watch as watch.txt and watch.json, and the README names them and the events', async () => {
    const { events, poll } = await capturedWindows();
    const doc = { ...windowsDocument(), machine: { ...windowsDocument().machine, exhaustionEvents: events } };
    const target = path.join(dir, 'with-watch.zip');
    const written = await writeBundle(target, { documents: [doc], logFiles: [], watch: poll });
    expect(written.entries).toContain('watch.txt');
    expect(written.entries).toContain('watch.json');
    const zip = await readZip(target);
    expect(JSON.parse(entryBytes(zip, 'watch.json').toString('utf8'))).toEqual(poll);
    expect(entryBytes(zip, 'watch.txt').toString('utf8')).toMatch(
      /^Watching this computer \(win32\), .*\r\n/,
    );
    const readme = entryBytes(zip, 'README.txt').toString('utf8');
    expect(readme).toContain(`${LABEL}: 2 (below)\r\n- `);
    expect(readme).toContain('event 4231 (no ephemeral port was left)');
    expect(readme).toMatch(/- watch\.txt: this computer's connections when the bundle was made/);
    expect(readme).toContain(
      '- watch.json: the same in full, in the format of `socketclosetest watch --json`',
    );
  });

  it('without a watch has no watch files, and says "none" when the log held no events', async () => {
    const doc = { ...windowsDocument(), machine: { ...windowsDocument().machine, exhaustionEvents: none } };
    const target = path.join(dir, 'without-watch.zip');
    const written = await writeBundle(target, { documents: [doc], logFiles: [], watch: null });
    expect(written.entries.filter((e) => e.startsWith('watch'))).toEqual([]);
    const readme = entryBytes(await readZip(target), 'README.txt').toString('utf8');
    expect(readme).toContain(`${LABEL}: none\r\n`);
  });
});
