import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorHost: string;
    emulatorProjectId: string;
  }
}
