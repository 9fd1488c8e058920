import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOSE_QUESTION, installCloseGuard } from '../../../src/main/electron/close-guard';
import { silentLogger, type Logger } from '../../../src/main/logger';
import type * as Fake from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));
const electron = (await import('electron')) as unknown as typeof Fake;
const { BrowserWindow, dialog, resetFakeElectron } = electron;

const settle = () => new Promise((r) => setTimeout(r, 0));

function guarded(controller: { busy: boolean }, log: Logger = silentLogger) {
  const window = new BrowserWindow({});
  installCloseGuard(
    window as unknown as Electron.BrowserWindow,
    controller,
    dialog as unknown as Electron.Dialog,
    log,
  );
  return window;
}

describe('closing the window', () => {
  beforeEach(() => resetFakeElectron());

  it('closes at once when nothing runs, asking nothing', () => {
    const window = guarded({ busy: false });
    window.close();
    expect(window.destroyed).toBe(true);
    expect(dialog.messageBoxes).toEqual([]);
  });

  it('asks during a run, says the results are kept, and keeps running when told to', async () => {
    const window = guarded({ busy: true });
    dialog.messageBoxResponse = 1;
    window.close();
    await settle();
    expect(window.destroyed).toBe(false);
    expect(dialog.messageBoxes).toEqual([CLOSE_QUESTION]);
    expect(CLOSE_QUESTION.message).toBe('A test is still running. Stop it and close the window?');
    expect(CLOSE_QUESTION.detail).toContain('The results so far are kept');
    // Enter and Escape both answer "Keep running".
    expect(CLOSE_QUESTION.buttons?.[CLOSE_QUESTION.defaultId!]).toBe('Keep running');
    expect(CLOSE_QUESTION.cancelId).toBe(CLOSE_QUESTION.defaultId);
  });

  it('stops and closes when the person confirms', async () => {
    const said: string[] = [];
    const window = guarded({ busy: true }, { ...silentLogger, info: (m) => said.push(m) });
    dialog.messageBoxResponse = 0;
    window.close();
    await settle();
    expect(window.destroyed).toBe(true);
    expect(dialog.messageBoxes).toHaveLength(1);
    expect(said).toEqual(['The window was closed during a run: stopping it and saving the results so far.']);
  });

  it('asks once however often the cross is clicked while the question is open', async () => {
    const window = guarded({ busy: true });
    let answer!: (response: number) => void;
    dialog.holdMessageBox = (a) => (answer = a);
    window.close();
    window.close();
    window.close();
    expect(dialog.messageBoxes).toHaveLength(1);
    answer(0);
    await settle();
    expect(window.destroyed).toBe(true);
  });

  it('closes without asking once the run has ended by itself', async () => {
    const controller = { busy: true };
    const window = guarded(controller);
    dialog.messageBoxResponse = 1;
    window.close();
    await settle();
    controller.busy = false;
    window.close();
    expect(window.destroyed).toBe(true);
    expect(dialog.messageBoxes).toHaveLength(1);
  });
});
