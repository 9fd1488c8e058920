import { describe, expect, it } from 'vitest';
import { forecast, type ForecastInput } from '../../../src/main/watch/forecast';
import { inDuration } from '../../../src/main/watch/words';

const base: ForecastInput = {
  endpoint: '127.0.0.1:5432',
  held: 100,
  open: 20,
  capacity: 16384,
  newPerSecond: 10,
  timeWaitSeconds: 240,
};

describe('forecast', () => {
  it('fills when new connections a second times TIME_WAIT reach the capacity, and says when', () => {
    // 140 a second x 240 s is far past 16,384 ports; 16,384 - 100 free at 140 a second: 116 s.
    const f = forecast({ ...base, newPerSecond: 140 });
    expect(f.kind).toBe('filling');
    expect(f.secondsToFull).toBeCloseTo((16384 - 100) / 140, 6);
    expect(f.steadyShare).toBeCloseTo((140 * 240 + 20) / 16384, 6);
    expect(f.text).toBe(
      'At 140 new connections a second and a 240 s TIME_WAIT, connects to 127.0.0.1:5432 fail in about 2 minutes.',
    );
  });

  it('holds steady below the capacity, and says of what', () => {
    const f = forecast({ ...base, newPerSecond: 20.9, timeWaitSeconds: 240, open: 0 });
    expect(f.kind).toBe('steady');
    expect(f.secondsToFull).toBeNull();
    expect(f.text).toBe(
      'Holding steady at 31% of the 16,384 ports 127.0.0.1:5432 can take. At 21 new connections a second and a 240 s TIME_WAIT, connects to it keep working.',
    );
  });

  it('takes the rate entering TIME_WAIT for the steady share when it is known', () => {
    const f = forecast({ ...base, newPerSecond: 140, newTimeWaitPerSecond: 1 });
    expect(f.kind).toBe('steady');
    expect(f.steadyShare).toBeCloseTo((240 + 20) / 16384, 6);
    expect(f.text).toBe(
      'Holding steady at 2% of the 16,384 ports 127.0.0.1:5432 can take. At 140 new connections a second, most closed by the other side first so their ports come back at once, connects to it keep working.',
    );
  });

  it('says when a destination is easing: far more held now than the present rate keeps', () => {
    const f = forecast({
      ...base,
      capacity: 1000,
      held: 500,
      open: 0,
      newPerSecond: 0.1,
      timeWaitSeconds: 60,
    });
    expect(f.kind).toBe('steady');
    expect(f.text).toBe(
      'Easing: 500 of its 1,000 ports are held (50%); at 0.1 new connections a second that falls to about 1% as their TIME_WAIT ends.',
    );
  });

  it('counts open connections toward the steady share', () => {
    expect(forecast({ ...base, newPerSecond: 1, timeWaitSeconds: 60, open: 16384 - 60 }).kind).toBe(
      'filling',
    );
    expect(forecast({ ...base, newPerSecond: 1, timeWaitSeconds: 60, open: 16384 - 61 }).kind).toBe('steady');
  });

  it('on Windows, forecasts from the whole computer’s ports, which every destination shares', () => {
    const shared = { held: 16000, open: 100, newPerSecond: 100, newTimeWaitPerSecond: 100 };
    // This destination is quiet, but the computer's ports run out in 384 / 100 s.
    const f = forecast({ ...base, newPerSecond: 0, shared });
    expect(f).toMatchObject({ kind: 'filling', secondsToFull: 384 / 100 });
    expect(f.text).toBe(
      'At 100 new connections a second on this computer and a 240 s TIME_WAIT, connects to 127.0.0.1:5432 fail in 4 seconds: on Windows each connection takes a port of its own, whatever its destination.',
    );
    expect(forecast({ ...base, shared: { ...shared, held: 16384 } }).text).toBe(
      'Connects to 127.0.0.1:5432 fail now: all 16,384 usable ports on this computer are held: on Windows each connection takes a port of its own, whatever its destination.',
    );
    const steady = forecast({
      ...base,
      shared: { held: 300, open: 100, newPerSecond: 1, newTimeWaitPerSecond: 1 },
    });
    expect(steady.kind).toBe('steady');
    expect(steady.text).toContain(
      'of the 16,384 ports on this computer, which every destination shares on Windows',
    );
    expect(forecast({ ...base, newPerSecond: null, shared }).kind).toBe('unknown');
  });

  it('is full when every usable port is held', () => {
    const f = forecast({ ...base, held: 16384 });
    expect(f).toMatchObject({ kind: 'full', secondsToFull: 0 });
    expect(f.text).toBe('Connects to 127.0.0.1:5432 fail now: all 16,384 usable ports are held.');
  });

  it('is idle when nothing new comes', () => {
    const f = forecast({ ...base, newPerSecond: 0 });
    expect(f.kind).toBe('idle');
    expect(f.text).toBe(
      'No new connections to 127.0.0.1:5432 at the moment; 100 of its 16,384 ports are held (1%).',
    );
  });

  it('is unknown without a range, or before a rate was measured', () => {
    expect(forecast({ ...base, capacity: null })).toMatchObject({ kind: 'unknown', steadyShare: null });
    expect(forecast({ ...base, capacity: null }).text).toContain('not known');
    expect(forecast({ ...base, newPerSecond: null }).kind).toBe('unknown');
  });

  it('rounds durations as a person says them', () => {
    expect(inDuration(0.4)).toBe('within a second');
    expect(inDuration(1)).toBe('in 1 second');
    expect(inDuration(42.4)).toBe('in 42 seconds');
    expect(inDuration(61)).toBe('in about a minute');
    expect(inDuration(116)).toBe('in about 2 minutes');
    expect(inDuration(3 * 3600 + 100)).toBe('in about 3 hours');
    expect(inDuration(5 * 86400)).toBe('in about 5 days');
  });

  it('writes small rates with a decimal and a single one in the singular', () => {
    expect(forecast({ ...base, capacity: 100, held: 10, open: 0, newPerSecond: 0.5 }).text).toContain(
      'At 0.5 new connections a second',
    );
    expect(forecast({ ...base, capacity: 100, held: 10, open: 0, newPerSecond: 1 }).text).toContain(
      'At 1 new connection a second',
    );
  });
});
