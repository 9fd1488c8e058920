/**
 * The committed icons are real files of their formats with the sizes each platform asks for:
 * Windows shows 16-256 px from the .ico, macOS wants up to 1024 px in the .icns, electron-builder
 * wants at least 512 px from the .png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir } from './builder';

const read = (name: string): Buffer => readFileSync(join(projectDir, 'build', name));

describe('build/ icons', () => {
  it('has one SVG source', () => {
    const svg = read('icon.svg').toString('utf8');
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 1024 1024"/);
  });

  it('icon.png is a 1024 x 1024 RGBA PNG', () => {
    const png = read('icon.png');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect(png[25]).toBe(6); // colour type 6: RGBA, so the rounded corners stay transparent
  });

  it('icon.ico holds every size Windows shows, 16 to 256 px', () => {
    const ico = read('icon.ico');
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1); // 1 = icon
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const width = ico[entry] || 256; // 0 means 256
      const bytes = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + bytes).toBeLessThanOrEqual(ico.length);
      sizes.push(width);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
  });

  it('icon.icns is a whole ICNS file with the 1024 px image', () => {
    const icns = read('icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length;) {
      const length = icns.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      types.push(icns.toString('latin1', at, at + 4));
      at += length;
    }
    // ic10: 1024 px (512@2x); ic09: 512 px; ic08: 256 px; ic07: 128 px.
    expect(types).toEqual(expect.arrayContaining(['ic10', 'ic09', 'ic08', 'ic07']));
  });
});
