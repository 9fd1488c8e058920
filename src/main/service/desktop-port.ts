/**
 * What the service needs from the desktop: file dialogs, the clipboard, a file manager. Electron
 * provides them in the app (src/main/electron/electron-desktop.ts); the browser tests hand in
 * doubles, so the window behaves the same.
 */
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface DesktopPort {
  /** Asks where to save; null when the person cancels. */
  chooseSavePath(options: {
    title: string;
    defaultName: string;
    filters: FileFilter[];
  }): Promise<string | null>;
  /** Asks which files to open; empty when the person cancels. */
  chooseOpenPaths(options: { title: string; filters: FileFilter[] }): Promise<string[]>;
  writeClipboard(text: string): void;
  /** Shows a folder in the file manager; answers why it could not, or null. */
  openFolder(path: string): Promise<string | null>;
}
