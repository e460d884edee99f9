import type { Command } from 'commander';
import { checkLabelName } from '../releases/label-name.js';
import type { LabelMoveOptions, ReleaseResult } from '../releases/move-label.js';
import type { ReleaseRecord } from '../releases/release-record.js';
import type { CommandContext } from './context.js';
import { integerOption } from './run-command.js';

/** The flags every label move takes (release, canary, promote, rollback --label), as commander collects them. */
export interface LabelMoveFlags {
  label: string;
  message?: string;
  expectedRelease?: number;
  requestId?: string;
}

/** Parses `--label` with the label-name rule, naming the flag. */
export const labelOption = (value: string): string => checkLabelName(value, '--label');

/** Adds the flags of a label move: --label, -m, --expected-release, --request-id. */
export function addLabelMoveOptions(command: Command, labelRequired = true): Command {
  const label = '--label <name>';
  const labelHelp = 'the label to move, e.g. production (a-z, 0-9, _ and -; "latest" is reserved)';
  return (labelRequired ? command.requiredOption(label, labelHelp, labelOption) : command.option(label, labelHelp, labelOption))
    .option('-m, --message <text>', 'why (default: what the move does, e.g. "release version 42")')
    .option(
      '--expected-release <n>',
      'fail with a conflict unless the label is still at this release number (0: the label must not exist yet)',
      integerOption('--expected-release', 0),
    )
    .option('--request-id <id>', "idempotency key: a retry with the same id returns the first try's release");
}

/** The library's move options from the flags. */
export function labelMoveOptions(agentId: string, flags: LabelMoveFlags, context: CommandContext): LabelMoveOptions {
  return {
    agentId,
    label: flags.label,
    author: context.author(),
    ...(flags.message !== undefined ? { message: flags.message } : {}),
    ...(flags.expectedRelease !== undefined ? { expectedRelease: flags.expectedRelease } : {}),
    ...(flags.requestId !== undefined ? { requestId: flags.requestId } : {}),
  };
}

/** Where a label sends traffic, e.g. `version 41 at 90% (baseline), version 42 at 10% (candidate)`. */
export function describeRoutes(release: Pick<ReleaseRecord, 'routes'>): string {
  return release.routes.map((route) => `version ${route.version} at ${route.percent}%${route.arm ? ` (${route.arm})` : ''}`).join(', ');
}

/** What a label move did, in two lines. */
export function describeRelease({ release, replayed }: ReleaseResult): string {
  const replay = replayed ? ' (already written by this request id: nothing new)' : '';
  return [
    `${release.label} of ${release.agentId} → release ${release.releaseNumber} (${release.kind})${replay}: ${describeRoutes(release)}`,
    `by ${release.author} at ${release.createdAt}: ${release.changeMessage}`,
  ].join('\n');
}
