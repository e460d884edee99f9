/**
 * Ends a command that succeeded and printed its result with an exit code other than 0, e.g.
 * `plan --detailed-exitcode` exiting 4 when changes are pending. Not an error: nothing more is printed.
 */
export class ExitStatus extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitStatus';
  }
}
