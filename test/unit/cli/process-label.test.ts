import { describe, expect, it } from 'vitest';
import { processLabel } from '../../../src/cli/process-label.js';

describe('processLabel', () => {
  it('names the agentver command, skipping global options and their values', () => {
    expect(processLabel(['node', '/usr/local/bin/agentver', 'ui', '--port', '0'])).toBe('agentver ui');
    expect(processLabel(['node', '/w/dist/cli/main.js', '--data-dir', 'show', 'show', 'a'])).toBe('agentver show');
    expect(processLabel(['node', '/w/dist/cli/main.js', '--embedded', '--format', 'json', 'list'])).toBe('agentver list');
    expect(processLabel(['node', '/w/dist/cli/main.js'])).toBe('agentver');
  });

  it('never repeats an option, which can carry a token', () => {
    expect(processLabel(['node', '/usr/bin/agentver', 'ui', '--auth-token', 'secret-secret-secret'])).toBe('agentver ui');
  });

  it('names another program by its script', () => {
    expect(processLabel(['node', '/w/node_modules/vitest/vitest.mjs', 'run'])).toBe('vitest.mjs');
  });
});
