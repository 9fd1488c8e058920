import { describe, expect, it } from 'vitest';
import { windowsMachine } from '../../fixtures/results/factory';
import { config, makeController } from './helpers';

// windowsMachine's facts list 50000-50059 among Windows' excluded ranges.
const REFUSAL =
  'Port 50030 is reserved by Windows (excluded range 50000-50059, often Hyper-V, WSL or Docker). ' +
  'Choose a port outside it, for example 40000.';

describe('the app on a port Windows reserves', () => {
  it('refuses a single run with the reservation named, and its window hears it too', async () => {
    const { controller, snapshots } = makeController({ system: windowsMachine(), createPoller: () => null });
    await expect(controller.start(config(50030))).rejects.toThrow(REFUSAL);
    expect(snapshots.at(-1)!.snapshot.message).toBe(REFUSAL);
  });

  it('ends Run all at its first mode with the same sentence', async () => {
    const { controller, snapshots } = makeController({ system: windowsMachine(), createPoller: () => null });
    const handle = await controller.startRunAll({
      modes: ['server', 'graceful'],
      host: '127.0.0.1',
      port: 50030,
      durationSec: 1,
      maxErrors: 10,
      connectionLimit: null,
    });
    const end = await handle.ended;
    expect(end.message).toBe(REFUSAL);
    expect(end.document.runs).toEqual([]);
    expect(snapshots.at(-1)!.snapshot).toMatchObject({ state: 'failed', message: REFUSAL });
  });
});
