// Types of install.mjs, which stays plain JavaScript: it runs before `npm install`.
export declare const EMULATOR_VERSION: string;
export declare const NO_EMULATOR_HELP: string;
export type EmulatorSetupReason = 'no_go' | 'go_too_old' | 'bin_missing' | 'build_failed';
export declare class EmulatorSetupError extends Error {
  readonly reason: EmulatorSetupReason;
  constructor(reason: EmulatorSetupReason, message: string);
}
export type EmulatorBinarySource = 'AGENTVER_EMULATOR_BIN' | 'cache' | 'built';
export declare function emulatorCacheDir(env?: NodeJS.ProcessEnv): string;
export declare function emulatorBinaryPath(env?: NodeJS.ProcessEnv): string;
export declare function ensureEmulator(options?: {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  inheritOutput?: boolean;
}): Promise<{ path: string; source: EmulatorBinarySource }>;
