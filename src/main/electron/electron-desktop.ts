/**
 * The desktop as Electron provides it: native save and open dialogs attached to our window, the
 * clipboard, and the file manager for one of our own folders. shell.openPath only ever receives
 * the log folder, never a path or link from the page.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { clipboard, dialog, shell, type BrowserWindow } from 'electron';
import type { DesktopPort } from '../service/desktop-port';

export function electronDesktop(window: () => BrowserWindow | null, documentsDir: string): DesktopPort {
  return {
    async chooseSavePath({ title, defaultName, filters }) {
      const options = { title, defaultPath: join(documentsDir, defaultName), filters };
      const parent = window();
      const chosen = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
    },
    async chooseOpenPaths({ title, filters }) {
      const options = {
        title,
        defaultPath: documentsDir,
        filters,
        properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
      };
      const parent = window();
      const chosen = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return chosen.canceled ? [] : chosen.filePaths;
    },
    writeClipboard(text) {
      clipboard.writeText(text);
    },
    async openFolder(path) {
      // electron-log creates its folder with the first line; make sure it is there to show.
      await mkdir(path, { recursive: true });
      const problem = await shell.openPath(path);
      return problem === '' ? null : problem;
    },
  };
}
