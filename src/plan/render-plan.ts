import { serializeConfig } from '../config/serialize-config.js';
import { renderDiffMarkdown, renderDiffText } from '../diff/render-diff.js';
import type { ConfigDiff } from '../diff/types.js';
import { alignColumns } from '../text/align-columns.js';
import type { AgentPlan, Plan, PlanAction } from './plan-configs.js';

const ACTION_LABELS: Record<PlanAction, string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  not_in_files: 'not in files',
};

/** `1 to create, 2 to update, 3 unchanged, 1 not in files (never touched)`, or that all is in sync. */
function summaryLine({ summary }: Plan): string {
  if (summary.create + summary.update === 0) {
    const notInFiles = summary.not_in_files > 0 ? `; ${summary.not_in_files} not in files (never touched)` : '';
    return `in sync: ${summary.unchanged} unchanged${notInFiles}`;
  }
  const parts = [
    `${summary.create} to create`,
    `${summary.update} to update`,
    `${summary.unchanged} unchanged`,
    ...(summary.not_in_files > 0 ? [`${summary.not_in_files} not in files (never touched)`] : []),
  ];
  return parts.join(', ');
}

const diffOf = (agent: AgentPlan): ConfigDiff => ({
  changes: agent.changes,
  changedFields: agent.changed_fields,
  isEmpty: agent.changes.length === 0,
});
const isWrite = (agent: AgentPlan) => agent.action === 'create' || agent.action === 'update';
const baseText = (agent: AgentPlan) => (agent.base_version === null ? '-' : String(agent.base_version));
const sectionTitle = (agent: AgentPlan) =>
  agent.action === 'create' ? `${agent.agent_id}: create from ${agent.file}` : `${agent.agent_id}@${agent.base_version} → ${agent.file}`;

// Markdown tables break on `|` and on line breaks, which file paths can hold.
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const fence = (text: string) => '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((run) => run.length + 1)));

function renderTable(plan: Plan, color: boolean): string {
  const rows = plan.agents.map((agent) => [
    agent.agent_id,
    ACTION_LABELS[agent.action],
    baseText(agent),
    agent.file ?? '-',
    agent.changed_fields.join(', '),
  ]);
  const out = [summaryLine(plan), '', ...alignColumns([['agent', 'action', 'base', 'file', 'changes'], ...rows])];
  for (const agent of plan.agents.filter(isWrite)) {
    out.push(
      '',
      agent.action === 'create'
        ? `${sectionTitle(agent)} (new agent)`
        : renderDiffText(diffOf(agent), { header: sectionTitle(agent), color }),
    );
  }
  return out.join('\n');
}

function renderMarkdown(plan: Plan): string {
  const out = [`**agentver plan**: ${summaryLine(plan)}`, ''];
  if (plan.agents.length > 0) {
    out.push('| agent | action | base | file |', '| --- | --- | --- | --- |');
    for (const agent of plan.agents) {
      out.push(`| ${cell(agent.agent_id)} | ${ACTION_LABELS[agent.action]} | ${baseText(agent)} | ${cell(agent.file ?? '-')} |`);
    }
  }
  for (const agent of plan.agents.filter(isWrite)) {
    out.push('');
    if (agent.action === 'update') {
      out.push(renderDiffMarkdown(diffOf(agent), { header: sectionTitle(agent), level: 2 }));
    } else if (agent.config) {
      // Only the final newline goes: a prompt's trailing blank lines are part of it.
      const yaml = serializeConfig(agent.config, 'yaml').replace(/\n$/, '');
      out.push(`## ${sectionTitle(agent)}`, '', `${fence(yaml)}yaml`, yaml, fence(yaml));
    }
  }
  return out.join('\n');
}

/**
 * A plan for people: `table` for terminals (a summary line, one row per agent, then each
 * update's grouped field diff), `markdown` for a pull-request comment (the same summary and
 * table, then a section per agent to create, with its config as YAML, or to update, with its
 * field diff and prompt hunks). Agents unchanged or not in files get a row and nothing more.
 * `color` paints the table's diffs for a terminal.
 */
export function renderPlan(plan: Plan, format: 'table' | 'markdown', options: { color?: boolean } = {}): string {
  return format === 'markdown' ? renderMarkdown(plan) : renderTable(plan, options.color ?? false);
}
