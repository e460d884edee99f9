import { describe, expect, it } from 'vitest';
import { alignColumns } from '../../../src/text/align-columns.js';

describe('alignColumns', () => {
  it('pads each column to its widest cell, and never the last', () => {
    expect(
      alignColumns([
        ['agent', 'action', 'file'],
        ['support_triage', 'update', 'agents/support_triage.yaml'],
        ['b', 'create', ''],
      ]),
    ).toEqual(['agent           action  file', 'support_triage  update  agents/support_triage.yaml', 'b               create']);
  });
});
