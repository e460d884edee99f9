import { adjustPValues } from 'agentver/stats';
import { describe, expect, it } from 'vitest';
import { expectClose, reference } from './helpers.js';

describe("adjustPValues against scipy's false_discovery_control and statsmodels' multipletests", () => {
  for (const c of reference.adjustPValues) {
    for (const method of ['bonferroni', 'holm', 'hochberg', 'BH'] as const) {
      if (!c[method]) continue;
      it(`${method} ${JSON.stringify(c.p)}`, () => {
        const r = adjustPValues(c.p, method);
        r.forEach((v, i) => {
          expectClose(v, c[method][i], 1e-12, 1e-15, `${method}[${i}]`);
        });
      });
    }
  }
  it('matches hand-computed values from the definitions', () => {
    expect(adjustPValues([0.01, 0.02, 0.03, 0.04, 0.05], 'BH')).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
    expect(adjustPValues([0.01, 0.02, 0.03], 'holm')).toEqual([0.03, 0.04, 0.04]);
    expect(adjustPValues([0.01, 0.02, 0.03], 'hochberg')).toEqual([0.03, 0.03, 0.03]);
    expect(adjustPValues([], 'BH')).toEqual([]);
  });
});

describe('errors', () => {
  it('name the function and what is needed', () => {
    expect(() => adjustPValues([0.1, 1.2], 'holm')).toThrow(/^adjustPValues requires p-values in \[0, 1\]/);
    expect(() => adjustPValues([0.1, Number.NaN], 'holm')).toThrow(/^adjustPValues requires numeric p-values/);
    expect(() => adjustPValues([0.1], 'fdr' as never)).toThrow(/^adjustPValues requires method/);
  });
});
