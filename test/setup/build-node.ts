import { execFileSync } from 'node:child_process';

/** The engine's worker runs as built JavaScript: build it (and the command line) before the tests. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
}
