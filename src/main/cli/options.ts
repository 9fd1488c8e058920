import { parseArgs } from 'node:util';
import { UsageError } from './usage';

/** The flags every run takes (a single mode or all). */
export const RUN_OPTIONS = {
  duration: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'max-errors': { type: 'string' },
  connections: { type: 'string' },
  json: { type: 'string' },
  markdown: { type: 'string' },
  csv: { type: 'string' },
  'run-log': { type: 'string' },
  force: { type: 'boolean' },
  'emulate-windows': { type: 'boolean' },
  'port-range': { type: 'string' },
  modes: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type RunFlags = {
  [K in keyof typeof RUN_OPTIONS]?: (typeof RUN_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** Parses flags strictly: an unknown flag or a missing value is a usage error, never ignored. */
export function parseRunFlags(args: readonly string[]): { flags: RunFlags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: RUN_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    return { flags: values as RunFlags, positionals };
  } catch (err) {
    const e = err as Error & { code?: string };
    const option = /'(--?[\w-]+)/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      // Node's own text talks of ambiguity when the value starts with a dash (--duration -1).
      throw new UsageError(`${option} needs a value.`);
    }
    throw new UsageError(e.message.replace(/\. To specify a positional.*$/s, '.'));
  }
}

/** A number flag: digits (and a decimal point where allowed), nothing else. */
export function numberFlag(
  value: string | undefined,
  name: string,
  { decimal = false } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const pattern = decimal ? /^\d+(\.\d+)?$/ : /^\d+$/;
  if (!pattern.test(value.trim())) {
    throw new UsageError(`--${name} takes ${decimal ? 'a number' : 'a whole number'} (got "${value}").`);
  }
  return Number(value);
}
