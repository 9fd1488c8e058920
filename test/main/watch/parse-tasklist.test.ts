import { describe, expect, it } from 'vitest';
import { decodeConsoleText } from '../../../src/main/watch/console-text';
import { parseTasklist } from '../../../src/main/watch/parse-tasklist';
import { watchFixture } from './fixture';

function names(text: string) {
  const map = new Map<number, string | null>();
  const report = parseTasklist(text, map);
  return { map, report };
}

describe('tasklist /fo csv /nh', () => {
  it('names each process by PID, a comma inside the quoted name kept', () => {
    const { map, report } = names(decodeConsoleText(watchFixture('tasklist-en.csv'), 850));
    expect(report).toEqual({ rows: 7, skipped: 0 });
    expect(map.get(0)).toBe('System Idle Process');
    expect(map.get(4)).toBe('System');
    expect(map.get(7720)).toBe('node.exe');
    expect(map.get(9012)).toBe('leaky, the server.exe');
  });

  it('reads German output (CP850) the same, umlauts decoded from the code page', () => {
    const bytes = watchFixture('tasklist-de-cp850.csv');
    expect(bytes.includes(Buffer.from([0x50, 0x72, 0x81, 0x66]))).toBe(true); // "Prüf" in CP850
    const { map, report } = names(decodeConsoleText(bytes, 850));
    expect(report.rows).toBe(7);
    expect(map.get(9012)).toBe('Prüfdienst.exe');
    expect(map.get(3312)).toBe('postgres.exe');
    expect(map.get(0)).toBe('Leerlaufprozess');
  });

  it('reads doubled quotes inside a name, and skips the header, INFO lines and junk without throwing', () => {
    const { map, report } = names(
      '"Image Name","PID","Session Name","Session#","Mem Usage"\r\n' +
        '"say ""hi"".exe","42","Console","1","1 K"\r\n' +
        'INFO: No tasks are running which match the specified criteria.\r\n' +
        '"unterminated,"7\r\n\r\n' +
        'plain.exe,43,Console,1,1 K\r\n',
    );
    expect([...map]).toEqual([
      [42, 'say "hi".exe'],
      [43, 'plain.exe'],
    ]);
    expect(report).toEqual({ rows: 2, skipped: 3 });
  });
});
