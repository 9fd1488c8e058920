/** Reading a sample the same way everywhere: its length, and its connects as a rate. */
import type { Sample } from './types';

/** The sample's length in seconds; a sample without one is a whole second. */
export function sampleSeconds(sample: Pick<Sample, 'seconds'>): number {
  return sample.seconds ?? 1;
}

/** Connects per second over the sample: a run's short last interval is not mistaken for a slow second. */
export function connectsPerSecond(sample: Pick<Sample, 'seconds' | 'connects'>): number {
  return Math.round(sample.connects / sampleSeconds(sample));
}
