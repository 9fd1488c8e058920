/**
 * What the engine is doing now. The raw snapshot is replaced whole on each message and every
 * figure is derived from it; only the error log and the chart's series accumulate, because a
 * snapshot carries just the errors and samples that are new.
 */
import { flushSync } from 'svelte';
import type { SessionState, Snapshot } from '@shared/contract';
import type { Mode } from '@shared/modes';
import type { SystemInfo } from '@shared/types';
import { ErrorLog } from './error-log.svelte';
import { RunSeries } from './run-series.svelte';

/** The performance measure each applied snapshot records (read by the browser test). */
export const APPLY_MEASURE = 'sct-snapshot-apply';

const ACTIVE: readonly SessionState[] = ['waiting', 'running', 'draining', 'stopping'];

/** Ephemeral ports held against the range: the exhaustion coming. Null where nothing was counted. */
export interface PortsHeld {
  held: number | null;
  size: number | null;
  fraction: number | null;
}

/** The ports a snapshot's newest count found held, against the range (the machine's when the count has none). */
export function portsHeld(snapshot: Snapshot | null, system: SystemInfo | null): PortsHeld {
  const counts = snapshot?.netstat;
  const size = counts?.ephemeralSize ?? system?.ephemeralRange?.value?.count ?? null;
  const held = counts?.ephemeralHeld ?? null;
  const fraction = held !== null && size ? Math.min(1, held / size) : null;
  return { held, size, fraction };
}

export class LiveFigures {
  snapshot = $state.raw<Snapshot | null>(null);
  /** The machine the figures come from: its port range stands in when a poll has none. */
  system = $state.raw<SystemInfo | null>(null);
  /** The code the error log is filtered on; null shows all. */
  logFilter = $state<string | null>(null);
  readonly log = new ErrorLog();
  readonly series = new RunSeries();

  readonly state: SessionState = $derived(this.snapshot?.state ?? 'idle');
  /** A session is under way: Start and Run all wait, Stop is offered. */
  readonly active: boolean = $derived(ACTIVE.includes(this.state));
  readonly platform: string | null = $derived(this.system?.platform ?? null);
  /** The close order the engine is on, which in a Run all is not the one picked. */
  readonly currentMode: Mode | null = $derived(this.active ? (this.snapshot?.mode ?? null) : null);

  readonly ports: PortsHeld = $derived(portsHeld(this.snapshot, this.system));

  /** Applies a snapshot and renders it at once, timing both (the window must keep up at 4 per second). */
  receive(snapshot: Snapshot): void {
    const start = `${APPLY_MEASURE}:start`;
    performance.mark(start);
    this.apply(snapshot);
    flushSync();
    performance.measure(APPLY_MEASURE, start);
    // Marks would pile up over a day-long run; observers have already been handed the measure.
    performance.clearMarks(start);
    performance.clearMeasures(APPLY_MEASURE);
  }

  /** Takes in one snapshot; older or repeated ones (by seq) are ignored. Answers whether it was new. */
  apply(snapshot: Snapshot): boolean {
    const previous = this.snapshot;
    if (previous && snapshot.seq <= previous.seq) return false;
    if (previous && snapshot.sessionId !== null && snapshot.sessionId !== previous.sessionId) {
      this.log.clear();
      this.series.clear();
    }
    this.log.append(snapshot.newErrors, snapshot.mode, snapshot.newErrorsSkipped);
    if (snapshot.mode && snapshot.samples.length > 0) {
      this.series.merge(
        `${snapshot.sessionId}/${snapshot.runAll?.index ?? 0}/${snapshot.mode}`,
        snapshot.samples,
      );
    }
    this.snapshot = snapshot;
    return true;
  }
}
