import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installQuitGuard } from '../../../src/main/electron/quit-guard';
import { config, makeController } from '../controller/helpers';
import { freshPort } from '../../helpers/ports';

/** Electron's app as far as quitting goes: 'before-quit' can be prevented, else the app quits. */
class QuittingApp extends EventEmitter {
  quitCalls = 0;
  quitAt: number | null = null;
  quit(): void {
    this.quitCalls++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quitAt = performance.now();
  }
}

describe('quitting during a run', () => {
  it('stops the engine and saves the results first, then quits', async () => {
    const { controller, ended } = makeController();
    const app = new QuittingApp();
    installQuitGuard(app as never, controller, { info: () => {}, warn: () => {}, error: () => {} });
    // Server-first leaves nothing on the client side: later tests still find free ephemeral ports.
    await controller.start(config(await freshPort(), { mode: 'server', durationSec: 30 }));
    await new Promise((r) => setTimeout(r, 500));

    const asked = performance.now();
    app.quit();
    expect(app.quitAt).toBeNull();
    expect(controller.busy).toBe(true);
    for (let i = 0; i < 100 && app.quitAt === null; i++) await new Promise((r) => setTimeout(r, 20));

    expect(app.quitAt).not.toBeNull();
    expect(app.quitAt! - asked).toBeLessThan(1500);
    expect(app.quitCalls).toBe(2);
    expect(controller.busy).toBe(false);
    expect(ended).toHaveLength(1);
    expect(ended[0]?.document.status).toBe('stopped');
    expect(ended[0]?.message).toBeNull();
    expect(ended[0]?.historyId).not.toBeNull();
  });

  it('quits at once when nothing runs', () => {
    const { controller } = makeController();
    const app = new QuittingApp();
    installQuitGuard(app as never, controller, { info: () => {}, warn: () => {}, error: () => {} });
    app.quit();
    expect(app.quitAt).not.toBeNull();
    expect(app.quitCalls).toBe(1);
  });
});
