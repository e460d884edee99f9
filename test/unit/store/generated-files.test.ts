// The SQL files and the Dataform include are generated from the field declaration
// (`npm run generate`); this fails while a committed copy is stale.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../../src/store/generated-files.js';

describe('generated files', () => {
  for (const [path, text] of Object.entries(generatedFiles())) {
    it(`${path} is what npm run generate writes`, () => {
      expect(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'), `${path} is stale: run npm run generate`).toBe(text);
    });
  }

  it('every config field is a column of the DDL, the write, the read-back and blame', () => {
    const files = generatedFiles();
    for (const field of ['top_p', 'mcp_servers', 'budgets', 'extra']) {
      expect(files['sql/agent_configs.sql']).toMatch(new RegExp(`^  ${field} `, 'm'));
      expect(files['sql/write_version.sql']).toContain(`source.${field}`);
      expect(files['sql/blame.sql']).toContain(`previous_${field}`);
      expect(files['includes/agent_config_columns.js']).toContain(`name: "${field}"`);
    }
  });
});
