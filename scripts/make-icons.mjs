// Makes the app's icons from the one source image, build/icon.svg:
//   build/icon.png   1024x1024, for Linux and as electron-builder's fallback
//   build/icon.ico   16-256 px, embedded in the Windows .exe and the installer
//   build/icon.icns  16-1024 px, for macOS
// The outputs are committed, so packaging never depends on this script; run it (npm run icons)
// after changing the SVG. resvg renders the SVG and png2icons writes the two container formats:
// both are plain npm packages, so no ImageMagick or iconutil is needed on any platform.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const dir = join(import.meta.dirname, '..', 'build');
const svg = readFileSync(join(dir, 'icon.svg'));

const png = new Resvg(svg, { fitTo: { mode: 'width', value: 1024 } }).render().asPng();
// forWinExe: PNG chunks from 64 px up, BMP below, which every Windows version shows in Explorer.
const ico = png2icons.createICO(png, png2icons.BICUBIC2, 0, false, true);
const icns = png2icons.createICNS(png, png2icons.BICUBIC2, 0);
if (!ico || !icns) {
  console.error('Could not convert build/icon.svg into .ico and .icns.');
  process.exit(1);
}

for (const [name, data] of [
  ['icon.png', png],
  ['icon.ico', ico],
  ['icon.icns', icns],
]) {
  writeFileSync(join(dir, name), data);
  console.log(`build/${name}: ${data.length.toLocaleString('en-US')} bytes`);
}
