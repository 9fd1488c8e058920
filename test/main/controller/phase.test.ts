import { describe, expect, it } from 'vitest';
import {
  isBusy,
  PhaseError,
  shownState,
  transition,
  type Phase,
  type PhaseEvent,
} from '../../../src/main/controller/phase';
import { START_MS, linuxMachine, makeRun } from '../../fixtures/results/factory';

const ok = makeRun({
  mode: 'server',
  system: linuxMachine(),
  startMs: START_MS,
  seconds: 1,
  connectsPerSec: 10,
});

const PHASES: Record<Phase['name'], Phase> = {
  idle: { name: 'idle', refusal: null },
  starting: { name: 'starting' },
  waiting: { name: 'waiting' },
  running: { name: 'running' },
  draining: { name: 'draining' },
  stopping: { name: 'stopping' },
  saving: { name: 'saving', status: 'complete', shown: 'running' },
  ended: { name: 'ended', status: 'complete' },
};

const EVENTS: Record<string, PhaseEvent> = {
  start: { type: 'start' },
  'wait before-start': { type: 'wait', reason: 'before-start' },
  'wait drain': { type: 'wait', reason: 'drain' },
  launched: { type: 'launched' },
  refused: { type: 'refused', reason: 'Port 40000 is already in use.' },
  stop: { type: 'stop' },
  'runs-over': { type: 'runs-over', runs: [ok], failed: false },
  saved: { type: 'saved' },
};

/** Every change a session can make: phase, event, the phase after. Unlisted pairs are refused. */
const MOVES: [Phase['name'], string, Phase][] = [
  ['idle', 'start', { name: 'starting' }],
  ['ended', 'start', { name: 'starting' }],
  ['starting', 'wait before-start', { name: 'waiting' }],
  ['running', 'wait drain', { name: 'draining' }],
  ['stopping', 'wait before-start', { name: 'stopping' }],
  ['stopping', 'wait drain', { name: 'stopping' }],
  ['starting', 'launched', { name: 'running' }],
  ['waiting', 'launched', { name: 'running' }],
  ['draining', 'launched', { name: 'running' }],
  ['stopping', 'launched', { name: 'stopping' }],
  ['starting', 'refused', { name: 'idle', refusal: 'Port 40000 is already in use.' }],
  ['stopping', 'refused', { name: 'idle', refusal: 'Port 40000 is already in use.' }],
  ['starting', 'stop', { name: 'stopping' }],
  ['waiting', 'stop', { name: 'stopping' }],
  ['running', 'stop', { name: 'stopping' }],
  ['draining', 'stop', { name: 'stopping' }],
  ['stopping', 'stop', PHASES.stopping],
  ['idle', 'stop', PHASES.idle],
  ['saving', 'stop', PHASES.saving],
  ['ended', 'stop', PHASES.ended],
  ['starting', 'runs-over', { name: 'saving', status: 'complete', shown: 'waiting' }],
  ['waiting', 'runs-over', { name: 'saving', status: 'complete', shown: 'waiting' }],
  ['running', 'runs-over', { name: 'saving', status: 'complete', shown: 'running' }],
  ['draining', 'runs-over', { name: 'saving', status: 'complete', shown: 'draining' }],
  ['stopping', 'runs-over', { name: 'saving', status: 'stopped', shown: 'stopping' }],
  ['saving', 'saved', { name: 'ended', status: 'complete' }],
];

describe('transition', () => {
  it.each(MOVES)('%s, on %s, becomes %j', (from, event, to) => {
    expect(transition(PHASES[from], EVENTS[event]!)).toEqual(to);
  });

  it('refuses every other event in every phase, as a bug of the caller', () => {
    let refused = 0;
    for (const [from, phase] of Object.entries(PHASES))
      for (const [name, event] of Object.entries(EVENTS)) {
        if (MOVES.some(([f, e]) => f === from && e === name)) continue;
        expect(() => transition(phase, event), `${from} on ${name}`).toThrow(PhaseError);
        refused++;
      }
    expect(refused).toBe(Object.keys(PHASES).length * Object.keys(EVENTS).length - MOVES.length);
  });

  it('leaves a phase as it was when a stop has nothing left to do', () => {
    for (const name of ['idle', 'stopping', 'saving', 'ended'] as const)
      expect(transition(PHASES[name], EVENTS.stop!)).toBe(PHASES[name]);
  });

  it('ends with a status where a failure outranks a stop, which outranks completion', () => {
    const over = (from: Phase, runs = [ok], failed = false) =>
      transition(from, { type: 'runs-over', runs, failed });
    expect(over(PHASES.running)).toMatchObject({ status: 'complete' });
    expect(over(PHASES.running, [{ ...ok, interrupted: true }])).toMatchObject({ status: 'stopped' });
    expect(over(PHASES.stopping, [])).toMatchObject({ status: 'stopped' });
    expect(over(PHASES.stopping, [ok], true)).toMatchObject({ status: 'failed' });
    expect(over(PHASES.running, [{ ...ok, stopReason: 'failed' }])).toMatchObject({ status: 'failed' });
    expect(over(PHASES.draining, [], true)).toMatchObject({ status: 'failed' });
  });
});

describe('what a phase shows', () => {
  it('maps each phase onto the window state, and is busy from a start until saved', () => {
    const shown = Object.values(PHASES).map((p) => [p.name, shownState(p), isBusy(p)]);
    expect(shown).toEqual([
      ['idle', 'idle', false],
      ['starting', 'waiting', true],
      ['waiting', 'waiting', true],
      ['running', 'running', true],
      ['draining', 'draining', true],
      ['stopping', 'stopping', true],
      ['saving', 'running', true],
      ['ended', 'done', false],
    ]);
    expect(shownState({ name: 'ended', status: 'failed' })).toBe('failed');
    expect(shownState({ name: 'ended', status: 'stopped' })).toBe('done');
  });
});
