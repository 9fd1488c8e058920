import { readFileSync } from 'node:fs';

/** A capture under test/fixtures/watch, byte for byte. */
export const watchFixture = (name: string): Buffer =>
  readFileSync(new URL(`../../fixtures/watch/${name}`, import.meta.url));
