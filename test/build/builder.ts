/**
 * electron-builder's own configuration loader and validator, reached through the electron-builder
 * that the project installs, so the tests check electron-builder.yml exactly as `npm run dist:*`
 * will read it. Neither function is part of electron-builder's public API, hence the narrow types.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';

const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
}
interface BuilderUtil {
  DebugLogger: new (isEnabled: boolean) => unknown;
}

const configModule = builderRequire('app-builder-lib/out/util/config/config.js') as ConfigModule;
const { DebugLogger } = builderRequire('builder-util') as BuilderUtil;

export const projectDir = fileURLToPath(new URL('../..', import.meta.url));

/** electron-builder.yml as electron-builder loads it (defaults merged in). */
export function loadConfig(dir = projectDir): Promise<Configuration> {
  return configModule.getConfig(dir, null, null);
}

/** Rejects with electron-builder's own message when the configuration breaks its schema. */
export function validateConfig(config: Configuration): Promise<void> {
  return configModule.validateConfiguration(config, new DebugLogger(false));
}
