import { CONFIG_COLUMNS, CONFIG_FIELDS } from '../config/agent-config.js';
import { NOTIFICATION_TABLES } from '../notify/notification-tables.js';
import { AGENT_RELEASES } from '../releases/agent-releases-table.js';
import { renderTelemetryDdl, TELEMETRY_TABLE_SPECS } from '../telemetry/telemetry-tables.js';
import { CANARY_METRICS, CAPPED_MEASURES, PRE_PERIOD_DAYS, stratumSums, UNIT_COLUMNS } from '../watch/canary-metrics.js';
import { RELEASE_DECISIONS } from '../watch/release-decisions-table.js';
import { AGENT_CONFIGS } from './agent-configs-table.js';
import { renderDdl, renderLockRow, renderWriteScript } from './append-only-table.js';
import { ddlType } from './column-sql.js';
import { renderBlame } from './render-blame.js';

const SOURCE = 'src/config/agent-config.ts and src/store/agent-configs-table.ts';
const RELEASES_SOURCE = 'src/releases/agent-releases-table.ts';
const TELEMETRY_SOURCE = 'src/telemetry/telemetry-tables.ts';
const DECISIONS_SOURCE = 'src/watch/release-decisions-table.ts';
const CANARY_SOURCE = 'src/watch/canary-metrics.ts';

function dataformInclude(): string {
  const rows = CONFIG_FIELDS.map((field) => {
    const { type, group, description } = CONFIG_COLUMNS[field];
    return `  { name: ${JSON.stringify(field)}, type: ${JSON.stringify(ddlType(type))}, group: ${JSON.stringify(group)}, description: ${JSON.stringify(description)} },`;
  });
  return `// Generated from ${SOURCE} by \`npm run generate\`; do not edit by hand
// (test/unit/store/generated-files.test.ts fails when this file is stale).
// The config columns of agent_configs, in declaration order, for models that list them.
const configColumns = [
${rows.join('\n')}
];

module.exports = { configColumns };
`;
}

function canaryInclude(): string {
  const list = (rows: readonly object[]) => rows.map((row) => `  ${JSON.stringify(row)},`).join('\n');
  return `// Generated from ${CANARY_SOURCE} by \`npm run generate\`; do not edit by hand
// (test/unit/store/generated-files.test.ts fails when this file is stale).
// What canary_units sums per unit (in the canary and before it), what canary_stratum_metrics sums per entry state and arm,
// and the metrics watch decides on (numerator and denominator columns of a unit).
const unitColumns = [
${list(UNIT_COLUMNS)}
];

const stratumSums = [
${list(stratumSums())}
];

const metrics = [
${list(Object.entries(CANARY_METRICS).map(([metric, m]) => ({ metric, ...m })))}
];

const capped = ${JSON.stringify(CAPPED_MEASURES)};

// Days of each unit's history before a canary (pre_<column>), for CUPED.
const prePeriodDays = ${PRE_PERIOD_DAYS};

module.exports = { unitColumns, stratumSums, metrics, capped, prePeriodDays };
`;
}

/**
 * The files derived from the field declaration, by path from the repo root. They are generated
 * (\`npm run generate\`) rather than built at load time so that the SQL a reviewer reads is the SQL
 * that runs, and so that Dataform, which cannot import TypeScript, reads the same declaration.
 */
export function generatedFiles(): Record<string, string> {
  return {
    'sql/agent_configs.sql': renderDdl(AGENT_CONFIGS, SOURCE),
    'sql/agent_configs_lock_row.sql': renderLockRow(AGENT_CONFIGS, SOURCE),
    'sql/write_version.sql': renderWriteScript(AGENT_CONFIGS, SOURCE),
    'sql/blame.sql': renderBlame(AGENT_CONFIGS, SOURCE),
    'sql/agent_releases.sql': renderDdl(AGENT_RELEASES, RELEASES_SOURCE),
    'sql/agent_releases_lock_row.sql': renderLockRow(AGENT_RELEASES, RELEASES_SOURCE),
    'sql/write_release.sql': renderWriteScript(AGENT_RELEASES, RELEASES_SOURCE),
    'sql/release_decisions.sql': renderTelemetryDdl(RELEASE_DECISIONS, DECISIONS_SOURCE),
    'includes/agent_config_columns.js': dataformInclude(),
    'includes/canary_metrics.js': canaryInclude(),
    ...Object.fromEntries(TELEMETRY_TABLE_SPECS.map((spec) => [`sql/${spec.table}.sql`, renderTelemetryDdl(spec, TELEMETRY_SOURCE)])),
    ...Object.fromEntries(
      NOTIFICATION_TABLES.map((spec) => [
        `sql/${spec.table}.sql`,
        renderTelemetryDdl(spec, `src/notify/${spec.table.replace(/_/g, '-')}-table.ts`),
      ]),
    ),
  };
}
