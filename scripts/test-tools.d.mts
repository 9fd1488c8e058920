/** Types for test-tools.mjs (plain JavaScript: npm test runs it before anything is built). */
export declare function browserCandidates(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv): string[];
export declare function findBrowser(
  platform?: NodeJS.Platform,
  env?: NodeJS.ProcessEnv,
  exists?: (path: string) => boolean,
): { path: string } | { error: string } | null;
export declare function onPath(command: string, env?: NodeJS.ProcessEnv): boolean;
export declare function missingLinuxPackages(
  platform?: NodeJS.Platform,
  has?: (command: string) => boolean,
): string[];
export interface ToolFinders {
  find?: () => ReturnType<typeof findBrowser>;
  missing?: () => string[];
  canInstall?: () => boolean;
  install?: (packages: string[], out: Pick<Console, 'log' | 'error'>) => boolean;
}
export declare function ensureTestTools(
  out?: Pick<Console, 'log' | 'error'>,
  finders?: ToolFinders,
): string | null;
