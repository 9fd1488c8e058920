import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readResultsFile } from '../../../src/main/results/schema';
import { linuxDocument, windowsDocument } from '../../fixtures/results/factory';

// Results files as another machine would send them, kept in the repository for the command line,
// import and end-to-end tests; they must stay what the factory builds and what the schema accepts.
describe('committed results fixtures', () => {
  it.each([
    ['windows-11.json', windowsDocument],
    ['debian-12.json', linuxDocument],
  ])('%s is the factory document, written as the app writes it', async (name, make) => {
    const file = `test/fixtures/results/${name}`;
    await expect(`${JSON.stringify(make(), null, 2)}\n`).toMatchFileSnapshot(
      `../../fixtures/results/${name}`,
    );
    expect(await readResultsFile(file)).toEqual(make());
    expect((await readFile(file, 'utf8')).endsWith('}\n')).toBe(true);
  });
});
