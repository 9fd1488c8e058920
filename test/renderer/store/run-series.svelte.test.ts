import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { RunSeries } from '@renderer/store/run-series.svelte';
import { sample } from '../fixtures';

describe('RunSeries', () => {
  it('accumulates the samples not seen yet, beyond the 600 a snapshot carries', () => {
    const series = new RunSeries();
    series.merge('s1/0/client', [sample(1, 900), sample(2, 950)]);
    series.merge('s1/0/client', [sample(2, 950), sample(3, 1000, null)]);

    expect(series.t).toEqual([1, 2, 3]);
    expect(series.connects).toEqual([900, 950, 1000]);
    expect(series.server).toEqual([10, 20, null]);
    expect(series.client).toEqual([900, 1800, null]);
  });

  it('starts over when the next run begins', () => {
    const series = new RunSeries();
    series.merge('s1/0/any', [sample(1, 900), sample(2, 950)]);
    const version = series.version;
    series.merge('s1/1/client', [sample(1, 400)]);

    expect(series.t).toEqual([1]);
    expect(series.connects).toEqual([400]);
    expect(series.version).toBeGreaterThan(version);
  });

  it('does not announce a change when nothing is new', () => {
    const series = new RunSeries();
    series.merge('s1/0/any', [sample(1, 900)]);
    const version = series.version;
    series.merge('s1/0/any', [sample(1, 900)]);
    expect(series.version).toBe(version);
  });

  it('has whoever reads its length or columns look again when points arrive, and not otherwise', () => {
    const series = new RunSeries();
    const seen: [number, number[]][] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push([series.length, [...series.columns[1]]]);
      });
    });
    flushSync();
    series.merge('s1/0/any', [sample(1, 900)]);
    flushSync();
    series.merge('s1/0/any', [sample(1, 900)]);
    flushSync();
    series.merge('s1/0/any', [sample(2, 950)]);
    flushSync();
    stop();
    expect(seen).toEqual([
      [0, []],
      [1, [900]],
      [2, [900, 950]],
    ]);
  });
});
