import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeTable, parseChcp } from '../../../../src/main/engine/netstat/decode';
import { stateFromName } from '../../../../src/main/engine/netstat/states';
import { TCP_STATES } from '../../../../src/shared/types';

describe('the console code page', () => {
  it("is read from chcp's answer in any language", () => {
    expect(parseChcp('Active code page: 437\r\n')).toBe(437);
    expect(parseChcp('Aktive Codepage: 850.\r\n')).toBe(850);
    expect(parseChcp('Page de codes active : 65001\r\n')).toBe(65001);
    expect(parseChcp('Der Befehl wurde nicht gefunden')).toBeNull();
  });
});

describe('state names in OEM bytes', () => {
  const row = (state: string, codePage: string): Buffer =>
    iconv.encode(`  TCP    127.0.0.1:40000        127.0.0.1:50123        ${state}\r\n`, codePage);

  it.each([437, 850, 858])('decodes ABHÖREN from code page %i', (codePage) => {
    const { text, stateName } = decodeTable(row('ABHÖREN', `cp${codePage}`), codePage);
    const token = text.trim().split(/\s+/).at(-1)!;
    expect(stateName(token)).toBe('ABHÖREN');
  });

  it('decodes UTF-8 when the console is on code page 65001', () => {
    const { text, stateName } = decodeTable(Buffer.from('  TCP  1.2.3.4:1  1.2.3.4:2  ABHÖREN\r\n'), 65001);
    expect(stateName(text.trim().split(/\s+/).at(-1)!)).toBe('ABHÖREN');
  });

  it('falls back to UTF-8 for a name the reported code page does not explain', () => {
    const bytes = Buffer.concat([Buffer.from('x '), Buffer.from('ABHÖREN', 'utf8')]);
    const { text, stateName } = decodeTable(bytes, 850);
    expect(stateName(text.split(' ')[1]!)).toBe('ABHÖREN');
  });

  it('maps every canonical state and the translated names, and anything else to OTHER', () => {
    const index = (state: (typeof TCP_STATES)[number]): number => TCP_STATES.indexOf(state);
    expect(stateFromName('WARTEND')).toBe(index('TIME_WAIT'));
    expect(stateFromName('schliessen_warten')).toBe(index('CLOSE_WAIT'));
    expect(stateFromName('TIME-WAIT')).toBe(index('TIME_WAIT'));
    expect(stateFromName('SYN_RCVD')).toBe(index('SYN_RECEIVED'));
    expect(stateFromName('ABHÖREN')).toBe(-1);
    expect(stateFromName('ABH├ûREN')).toBe(index('OTHER'));
    for (const state of TCP_STATES.filter((s) => s !== 'OTHER'))
      expect(stateFromName(state)).toBe(index(state));
  });
});
