// Lets Windows Node load the watch's TypeScript sources as they are (node --experimental-transform-types
// --import ./watch-ts-hooks.mjs): the sources import each other without the .ts extension, as the
// bundler allows, which Node's own resolver does not. Only the resolution changes.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier)) {
      try {
        return nextResolve(`${specifier}.ts`, context);
      } catch {
        // Not a TypeScript file: resolved as it was written.
      }
    }
    return nextResolve(specifier, context);
  },
});
