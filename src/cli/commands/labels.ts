import type { Command } from 'commander';
import { checkLabelName, LATEST_LABEL } from '../../releases/label-name.js';
import { labelHistory, listLabels } from '../../releases/list-labels.js';
import type { ReleaseRecord } from '../../releases/release-record.js';
import { formatMarkdownTable, formatTable } from '../../report/render/format-table.js';
import type { CliIo } from '../io.js';
import { describeRoutes } from '../label-move-options.js';
import { output } from '../output.js';
import { runCommand } from '../run-command.js';

const LABEL_HEADERS = ['label', 'release', 'kind', 'routes', 'author', 'created_at', 'message'];
const HISTORY_HEADERS = ['label', 'release', 'current', 'kind', 'routes', 'author', 'created_at', 'message'];

const labelRow = (r: ReleaseRecord) => [r.label, r.releaseNumber, r.kind, describeRoutes(r), r.author, r.createdAt, r.changeMessage];
const historyRow = (r: ReleaseRecord) => [
  r.label,
  r.releaseNumber,
  r.isCurrent ? '*' : '',
  r.kind,
  describeRoutes(r),
  r.author,
  r.createdAt,
  r.changeMessage,
];

export function registerLabels(program: Command, io: CliIo): void {
  program
    .command('labels')
    .description("List an agent's labels with their routes, or a label's releases (--history).")
    .argument('<agent>', 'agent id')
    .option('--history [label]', 'every release of this label, newest first (of every label when none is named)')
    .addHelpText(
      'after',
      [
        '',
        `The built-in label "${LATEST_LABEL}" is the newest version; it has no releases of its own.`,
        'In SQL, the pointer history is the agent_releases table (and the release_timeline model).',
        '',
        'Examples:',
        '  agentver labels support_triage',
        '  agentver labels support_triage --history production --format json',
      ].join('\n'),
    )
    .action(async (agentId: string, options: { history?: string | true }, command: Command) => {
      await runCommand(io, command, async (context) => {
        const connection = await context.connection();
        if (options.history !== undefined) {
          const label = options.history === true ? null : checkLabelName(options.history, '--history');
          const releases = await labelHistory(connection, agentId, label);
          const rows = releases.map(historyRow);
          output(context, releases, {
            table: () => formatTable(HISTORY_HEADERS, rows),
            markdown: () => formatMarkdownTable(HISTORY_HEADERS, rows),
          });
          return;
        }
        const labels = await listLabels(connection, agentId);
        const rows = [
          [LATEST_LABEL, '', '', `version ${labels.latestVersion} at 100%`, '', '', 'built in: the newest version'],
          ...labels.labels.map(labelRow),
        ];
        output(context, labels, {
          table: () => formatTable(LABEL_HEADERS, rows),
          markdown: () => formatMarkdownTable(LABEL_HEADERS, rows),
        });
      });
    });
}
