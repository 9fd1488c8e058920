/** Types for packaged-fuses.mjs (plain JavaScript so the release workflow runs it with node alone). */
export type FuseState = 'on' | 'off' | 'removed' | 'inherit' | string;
export type Fuses = Record<string, FuseState>;
export declare const SENTINEL: string;
export declare const FUSES: readonly string[];
export declare function readFuses(binary: Buffer): Fuses;
export declare function wantedFuses(configText: string): Fuses;
export declare function fuseMismatches(actual: Fuses, wanted: Fuses): string[];
export declare function readFusesOfFile(path: string): Fuses;
