import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError, hintOf, messageOf } from '../../src/main/user-error';
import { ConfigError } from '../../src/main/engine/config';
import { EmulationError } from '../../src/main/engine/netns';
import { TableUnavailable } from '../../src/main/engine/netstat/live-tables';
import { RunStartError, lingeringError } from '../../src/main/engine/start-errors';
import { OutputError } from '../../src/main/cli/results-output';
import { UsageError } from '../../src/main/cli/usage';
import { BadUsage } from '../../src/main/cli/netstat-command';
import { ResultsFileError } from '../../src/main/results/results-file-error';
import { HistoryError } from '../../src/main/results/history';
import { ArgumentError } from '../../src/main/service/arguments';
import { ControllerBusyError } from '../../src/main/controller/controller-options';

const SENTENCE = 'Port 40000 is already in use by another program.';

/** Every error a person is meant to read, made as its callers make it. */
const USER_ERRORS: [string, Error][] = [
  ['ConfigError', new ConfigError(SENTENCE)],
  ['EmulationError', new EmulationError(SENTENCE)],
  ['TableUnavailable', new TableUnavailable(SENTENCE)],
  ['RunStartError', new RunStartError('PORT_IN_USE', SENTENCE)],
  ['OutputError', new OutputError(SENTENCE)],
  ['UsageError', new UsageError(SENTENCE)],
  ['BadUsage', new BadUsage(SENTENCE)],
  ['ResultsFileError', new ResultsFileError(SENTENCE, 'invalid', 'The file')],
  ['HistoryError', new HistoryError(SENTENCE)],
  ['ArgumentError', new ArgumentError(SENTENCE)],
  ['UserError', new UserError(SENTENCE)],
];

describe('errors for a person', () => {
  it.each(USER_ERRORS)('%s is a UserError, and messageOf says its sentence as it is', (_name, error) => {
    expect(error).toBeInstanceOf(UserError);
    expect(messageOf(error)).toBe(SENTENCE);
  });

  it('ControllerBusyError is a UserError with its own sentence', () => {
    const error = new ControllerBusyError();
    expect(error).toBeInstanceOf(UserError);
    expect(messageOf(error)).toBe('A test is already running. Stop it before starting another.');
  });

  it('says anything else is unexpected, naming it in one line', () => {
    expect(messageOf(new TypeError('x is undefined'))).toBe('Something went wrong: x is undefined');
    expect(messageOf('a string')).toBe('Something went wrong: a string');
  });

  it('carries the command line hints as data', () => {
    expect(hintOf(new UsageError(SENTENCE))).toBe('Run "socketclosetest --help" for the usage.');
    expect(hintOf(lingeringError(3, 40000, 240))).toBe('Add --force to start anyway.');
    expect(hintOf(new RunStartError('PORT_IN_USE', SENTENCE))).toBeNull();
    expect(hintOf(new Error(SENTENCE))).toBeNull();
  });

  it('leaves no error class outside UserError but the one that marks a bug', () => {
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|svelte)$/.test(entry.name)) {
          for (const match of readFileSync(path, 'utf8').matchAll(/class (\w+) extends Error\b/g))
            found.push(match[1]!);
        }
      }
    };
    walk('src');
    // PhaseError is a caller's bug in the controller, never a sentence for a person.
    expect(found.sort()).toEqual(['PhaseError', 'UserError']);
  });
});
