// `agentver schema`: the JSON Schema of a config file, from the zod schema and the field declaration.
import { CONFIG_FIELDS } from 'agentver';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../emulator/cli-harness.js';

describe('agentver schema', () => {
  it('prints every field with its type, limits, default and a description, without any backend', async () => {
    const run = await runCliCaptured(['schema'], { cwd: process.cwd() });
    expect(run.code).toBe(0);
    const schema = run.json() as { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(CONFIG_FIELDS);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'system_prompt', 'model']));
    expect(schema.additionalProperties).toBe(false);
    for (const field of CONFIG_FIELDS) expect(schema.properties[field]?.description, field).toMatch(/\w/);
    expect(schema.properties.temperature).toMatchObject({
      default: null,
      anyOf: [{ type: 'number', minimum: 0, maximum: 2 }, { type: 'null' }],
    });
    expect(schema.properties.system_prompt?.description).toMatch(/262144 bytes/);
    expect(schema.properties.tools?.description).toMatch(/sorted/);
  });
});
