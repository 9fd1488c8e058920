import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The repository's own eslint.config.js, as `npm run lint` reads it.
const eslint = new ESLint({ cwd: process.cwd() });

/** The no-restricted-imports messages for `code` as if it were the file at `filePath`. */
async function fenceErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2)
    .map((m) => m.message);
}

const fromElectron = "import { app } from 'electron';\nexport const name = app.name;\n";
const fromElectronLog = "import log from 'electron-log/main';\nexport const logger = log;\n";

describe('the lint fences of src/main', () => {
  it.each(['engine', 'engine/netstat', 'controller', 'results', 'service', 'cli'])(
    'keep electron and electron-log out of src/main/%s',
    async (folder) => {
      expect(await fenceErrors(fromElectron, `src/main/${folder}/x.ts`)).toHaveLength(1);
      expect(await fenceErrors(fromElectronLog, `src/main/${folder}/x.ts`)).toHaveLength(1);
    },
  );

  it('fence a file or folder added to src/main later, too', async () => {
    expect(await fenceErrors(fromElectron, 'src/main/x.ts')).toHaveLength(1);
    expect(await fenceErrors(fromElectron, 'src/main/new-layer/x.ts')).toHaveLength(1);
  });

  it('let src/main/electron and the preload import Electron', async () => {
    expect(await fenceErrors(fromElectron, 'src/main/electron/x.ts')).toEqual([]);
    expect(await fenceErrors(fromElectronLog, 'src/main/electron/x.ts')).toEqual([]);
    expect(await fenceErrors(fromElectron, 'src/main/electron/ipc/x.ts')).toEqual([]);
    expect(await fenceErrors(fromElectron, 'src/preload/x.ts')).toEqual([]);
  });

  it('keep the other layers from reaching back into src/main/electron', async () => {
    const code = "import { appPaths } from '../electron/app-paths';\nexport const paths = appPaths;\n";
    const reachBack = expect.stringContaining('never reach back');
    expect(await fenceErrors(code, 'src/main/service/x.ts')).toContainEqual(reachBack);
    expect(await fenceErrors(code, 'src/main/engine/x.ts')).toContainEqual(reachBack);
  });

  it.each(['controller', 'results', 'cli', 'service'])('keep the engine from importing %s', async (layer) => {
    const code = `import { thing } from '../${layer}/thing';\nexport const other = thing;\n`;
    expect(await fenceErrors(code, 'src/main/engine/x.ts')).toHaveLength(1);
    const deeper = `import { thing } from '../../${layer}/thing';\nexport const other = thing;\n`;
    expect(await fenceErrors(deeper, 'src/main/engine/netstat/x.ts')).toHaveLength(1);
  });

  it('let the engine import itself and the shared logger, and the controller import the engine', async () => {
    const own =
      "import { parseSessionConfig } from './config';\nimport type { Logger } from '../logger';\n" +
      'export const parts: [typeof parseSessionConfig, Logger | null] = [parseSessionConfig, null];\n';
    expect(await fenceErrors(own, 'src/main/engine/x.ts')).toEqual([]);
    const controller =
      "import { parseSessionConfig } from '../engine/config';\nexport const parse = parseSessionConfig;\n";
    expect(await fenceErrors(controller, 'src/main/controller/x.ts')).toEqual([]);
  });
});
