/**
 * Where a session stands, and every way that can change, in one place. The controller holds one
 * Phase and replaces it only through `transition`, so "a stop was asked", "it failed" and "it is
 * over" can never disagree: each is a phase, not a flag beside a state. What the window is shown
 * (the contract's SessionState) is derived from the phase, never stored beside it.
 */
import type { ResultsDocument, SessionState } from '../../shared/contract';
import type { RunResult } from '../../shared/types';
import { sessionStatus } from '../results/documents';

export type SessionStatus = ResultsDocument['status'];

/** What the window shows while a session is under way. */
type ActiveState = 'waiting' | 'running' | 'draining' | 'stopping';

export type Phase =
  /** No session under way: none yet, or the last start was refused (`refusal` says why, until the next). */
  | { name: 'idle'; refusal: string | null }
  /** A session began: its (first) engine is starting. */
  | { name: 'starting' }
  /** Run all, before its first mode: half-connections of an earlier run are leaving. */
  | { name: 'waiting' }
  | { name: 'running' }
  /** Run all, between modes: the last mode's half-connections are leaving before the next starts. */
  | { name: 'draining' }
  /** A stop was asked: a wait is cut short, an engine still starting is stopped as soon as it runs. */
  | { name: 'stopping' }
  /**
   * The runs are over and the results are being saved. The window keeps showing what it showed when
   * the last run ended (`shown`), so it never flickers through a state the session was not in.
   */
  | { name: 'saving'; status: SessionStatus; shown: ActiveState }
  /** Saved (or not: RunEnded says why); its figures stay on show until the next start. */
  | { name: 'ended'; status: SessionStatus };

export type SavingPhase = Extract<Phase, { name: 'saving' }>;

export type PhaseEvent =
  /** Start or Run all was accepted. */
  | { type: 'start' }
  /** Run all waits for half-connections to leave: before its first mode, or between two modes. */
  | { type: 'wait'; reason: 'before-start' | 'drain' }
  /** An engine runs. */
  | { type: 'launched' }
  /** A single run's engine could not start: the session is dropped, the reason stays on show. */
  | { type: 'refused'; reason: string }
  | { type: 'stop' }
  /** No more runs will start. `failed`: something other than a run's own result failed the session. */
  | { type: 'runs-over'; runs: readonly RunResult[]; failed: boolean }
  | { type: 'saved' };

export class PhaseError extends Error {
  override name = 'PhaseError';
}

const refuse = (phase: Phase, event: PhaseEvent): never => {
  throw new PhaseError(`A session that is ${phase.name} cannot take "${event.type}".`);
};

/**
 * The next phase. An event that cannot happen in a phase (a launch while idle, say) is a bug in the
 * caller and throws; a stop where nothing is left to stop is allowed and changes nothing.
 */
export function transition(phase: Phase, event: PhaseEvent): Phase {
  switch (event.type) {
    case 'start':
      return phase.name === 'idle' || phase.name === 'ended' ? { name: 'starting' } : refuse(phase, event);
    case 'wait':
      if (phase.name === 'stopping') return phase;
      if (event.reason === 'before-start' && phase.name === 'starting') return { name: 'waiting' };
      if (event.reason === 'drain' && phase.name === 'running') return { name: 'draining' };
      return refuse(phase, event);
    case 'launched':
      if (phase.name === 'stopping') return phase;
      return phase.name === 'starting' || phase.name === 'waiting' || phase.name === 'draining'
        ? { name: 'running' }
        : refuse(phase, event);
    case 'refused':
      return phase.name === 'starting' || phase.name === 'stopping'
        ? { name: 'idle', refusal: event.reason }
        : refuse(phase, event);
    case 'stop':
      return isActive(phase) && phase.name !== 'stopping' ? { name: 'stopping' } : phase;
    case 'runs-over':
      if (!isActive(phase)) return refuse(phase, event);
      return {
        name: 'saving',
        // A failure outranks a stop, which outranks completion.
        status: sessionStatus(event.runs, phase.name === 'stopping', event.failed),
        shown: activeState(phase.name),
      };
    case 'saved':
      return phase.name === 'saving' ? { name: 'ended', status: phase.status } : refuse(phase, event);
  }
}

type ActivePhase = Extract<Phase, { name: 'starting' | 'waiting' | 'running' | 'draining' | 'stopping' }>;

/** Whether runs may still start or are running: the phases a stop acts on. */
function isActive(phase: Phase): phase is ActivePhase {
  return (
    phase.name === 'starting' ||
    phase.name === 'waiting' ||
    phase.name === 'running' ||
    phase.name === 'draining' ||
    phase.name === 'stopping'
  );
}

function activeState(name: ActivePhase['name']): ActiveState {
  return name === 'starting' ? 'waiting' : name;
}

/** True from a start until its results are saved: another start is refused meanwhile. */
export function isBusy(phase: Phase): boolean {
  return phase.name !== 'idle' && phase.name !== 'ended';
}

/** The state the window shows for a phase. */
export function shownState(phase: Phase): SessionState {
  switch (phase.name) {
    case 'idle':
      return 'idle';
    case 'saving':
      return phase.shown;
    case 'ended':
      return phase.status === 'failed' ? 'failed' : 'done';
    default:
      return activeState(phase.name);
  }
}
