import { ValidationError } from 'agentver';
import { describe, expect, it } from 'vitest';
import { parseReportOptions, statisticsSettings } from '../../../src/cli/report-options.js';
import { parseGuardrail } from '../../../src/rollout/parse-guardrail.js';

/** The problems of the ValidationError a parse throws. */
function problems(raw: Record<string, unknown>, format = 'table') {
  try {
    parseReportOptions(raw, format);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('invalid_input');
    return (error as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

describe('parseReportOptions', () => {
  it('fills in the defaults: alpha 0.05, confidence 0.95, holm, at least 10 runs', () => {
    expect(parseReportOptions({}, 'table')).toEqual({ alpha: 0.05, confidence: 0.95, adjust: 'holm', minRuns: 10 });
  });

  it('reads the numbers commander hands over as text', () => {
    expect(
      parseReportOptions(
        {
          since: '2026-03-01',
          until: '2026-03-31',
          alpha: '0.01',
          confidence: '0.9',
          minRuns: '30',
          detectRate: '0.03',
          detectMean: '0.2',
        },
        'json',
      ),
    ).toEqual({
      since: '2026-03-01',
      until: '2026-03-31',
      alpha: 0.01,
      confidence: 0.9,
      adjust: 'holm',
      minRuns: 30,
      detectRate: 0.03,
      detectMean: 0.2,
    });
  });

  it('takes one day as both --since and --until', () => {
    expect(parseReportOptions({ since: '2026-03-01', until: '2026-03-01' }, 'table')).toMatchObject({
      since: '2026-03-01',
      until: '2026-03-01',
    });
  });

  it('refuses dates that are not YYYY-MM-DD days of the calendar', () => {
    expect(problems({ since: '2026-02-30' })).toEqual([{ field: '--since', rule: 'is not a day of the calendar' }]);
    expect(problems({ until: '2025-02-29' })).toEqual([{ field: '--until', rule: 'is not a day of the calendar' }]);
    expect(problems({ until: '2026-03-01T00:00:00Z' })).toEqual([{ field: '--until', rule: 'must be a date like 2026-11-01' }]);
    expect(parseReportOptions({ since: '2024-02-29' }, 'table').since).toBe('2024-02-29');
  });

  it('refuses --since after --until', () => {
    expect(problems({ since: '2026-03-02', until: '2026-03-01' })).toEqual([
      { field: '--since', rule: '2026-03-02 is after --until 2026-03-01' },
    ]);
  });

  it('keeps alpha, confidence and --detect-rate strictly between 0 and 1', () => {
    for (const alpha of ['0', '1', '-0.05', '1.5'])
      expect(problems({ alpha })).toEqual([{ field: '--alpha', rule: 'must be between 0 and 1' }]);
    expect(problems({ confidence: '1' })).toEqual([{ field: '--confidence', rule: 'must be between 0 and 1' }]);
    expect(problems({ detectRate: '1' })).toEqual([{ field: '--detect-rate', rule: 'must be between 0 and 1' }]);
    expect(problems({ alpha: 'abc' })).toEqual([{ field: '--alpha', rule: 'must be a number' }]);
    expect(parseReportOptions({ alpha: '0.001', confidence: '0.999' }, 'table')).toMatchObject({ alpha: 0.001, confidence: 0.999 });
  });

  it('takes --adjust holm or BH in any case, and nothing else', () => {
    expect(parseReportOptions({ adjust: 'bh' }, 'table').adjust).toBe('BH');
    expect(parseReportOptions({ adjust: 'BH' }, 'table').adjust).toBe('BH');
    expect(parseReportOptions({ adjust: 'Bh' }, 'table').adjust).toBe('BH');
    expect(parseReportOptions({ adjust: 'HOLM' }, 'table').adjust).toBe('holm');
    expect(problems({ adjust: 'bonferroni' })).toEqual([{ field: '--adjust', rule: 'must be holm or BH' }]);
  });

  it('wants --min-runs an integer of at least 2 and --detect-mean above 0', () => {
    expect(problems({ minRuns: '1' })).toEqual([{ field: '--min-runs', rule: 'must be >= 2' }]);
    expect(problems({ minRuns: '2.5' })).toEqual([{ field: '--min-runs', rule: 'must be an integer' }]);
    expect(problems({ detectMean: '0' })).toEqual([{ field: '--detect-mean', rule: 'must be > 0' }]);
    expect(parseReportOptions({ minRuns: '2', detectMean: '3' }, 'table')).toMatchObject({ minRuns: 2, detectMean: 3 });
  });

  it('takes --output only with --format html, and reports it with a bad date range together', () => {
    expect(parseReportOptions({ output: 'report.html' }, 'html').output).toBe('report.html');
    expect(problems({ output: 'report.html' }, 'table')).toEqual([
      { field: '--output', rule: 'is where --format html writes; add --format html' },
    ]);
    expect(problems({ output: 'report.html', since: '2026-03-02', until: '2026-03-01' }, 'markdown')).toEqual([
      { field: '--output', rule: 'is where --format html writes; add --format html' },
      { field: '--since', rule: '2026-03-02 is after --until 2026-03-01' },
    ]);
  });

  it('names the options as typed in its message', () => {
    expect(() => parseReportOptions({ minRuns: '1', detectRate: '2' }, 'table')).toThrow(
      'invalid option: --min-runs: must be >= 2; --detect-rate: must be between 0 and 1',
    );
  });
});

describe('statisticsSettings', () => {
  it('passes the test settings through, with a minimum effect only for what was given', () => {
    expect(statisticsSettings(parseReportOptions({}, 'table'))).toEqual({ alpha: 0.05, confidence: 0.95, adjustment: 'holm', minRuns: 10 });
    expect(statisticsSettings(parseReportOptions({ adjust: 'bh', detectRate: '0.03' }, 'table'))).toEqual({
      alpha: 0.05,
      confidence: 0.95,
      adjustment: 'BH',
      minRuns: 10,
      minimumEffect: { rate: 0.03 },
    });
    expect(statisticsSettings(parseReportOptions({ detectRate: '0.03', detectMean: '0.2' }, 'table')).minimumEffect).toEqual({
      rate: 0.03,
      mean: 0.2,
    });
  });
});

describe('--primary and --guardrail', () => {
  it('pass the primary and the parsed guardrails (canary syntax) to the comparison', () => {
    const guardrail = [parseGuardrail('latency_ms:+20%'), parseGuardrail('error_rate:+0.01')];
    expect(statisticsSettings(parseReportOptions({ primary: 'success_rate', guardrail }, 'table'))).toMatchObject({
      primary: 'success_rate',
      guardrails: [
        { metric: 'latency_ms', margin: 0.2, relative: true },
        { metric: 'error_rate', margin: 0.01, relative: false },
      ],
    });
  });

  it('refuse an unknown primary, or a primary that is also a guardrail, before any query', () => {
    expect(() => parseReportOptions({ primary: 'happiness' }, 'table')).toThrow(/primary.*"happiness" is not a known metric/);
    expect(() => parseReportOptions({ primary: 'cost_usd' }, 'table')).toThrow(/the primary metric cannot also be a guardrail/);
    expect(() => parseGuardrail('cost_usd:-10%', {}, '--guardrail')).toThrow(/--guardrail.*must be an increase/);
  });
});
