import { buildReport, compareVersions, renderReportHtml, type VersionStats } from 'agentver';
import { describe, expect, it } from 'vitest';
import { linearScale, valueAxis } from '../../../src/report/render/chart.js';
import { escapeHtml } from '../../../src/report/render/escape.js';
import { formatDifference, formatMean, formatPValue, formatRate } from '../../../src/report/render/format-metric.js';

const EVIL = '<img src=x onerror=alert(1)>';
const GENERATED_AT = new Date('2026-11-20T14:03:27Z');

/** Σx and Σx² of n values with this mean and sample standard deviation. */
function sums(n: number, mean: number, sd: number): [number, number] {
  return [n * mean, (n - 1) * sd * sd + n * mean * mean];
}

/** One version's mart sums: rates as counts, means from (mean, sd); every metric has `runs` observations. */
function version(
  agentId: string,
  v: number,
  runs: number,
  counts: { resolved: number; firstResponse: number; succeeded: number; errors: number; passed: number },
  means: { grade: [number, number]; cost: [number, number]; latency: [number, number]; tokens: [number, number] },
): VersionStats {
  const columns: Record<string, number> = {
    n_runs: runs,
    n_resolved: counts.resolved,
    n_first_response_resolved: counts.firstResponse,
    n_succeeded: counts.succeeded,
    n_errors: counts.errors,
    n_graded: runs,
    n_passed: counts.passed,
  };
  const meanColumns = { grade_score: means.grade, cost_usd: means.cost, latency_ms: means.latency, total_tokens: means.tokens };
  for (const [name, [mean, sd]] of Object.entries(meanColumns)) {
    const [sum, sumSquares] = sums(runs, mean, sd);
    columns[`n_${name}`] = runs;
    columns[`sum_${name}`] = sum;
    columns[`sum_sq_${name}`] = sumSquares;
  }
  const day = String(v).padStart(2, '0');
  return {
    agentVersionId: `${agentId}@${v}`,
    version: v,
    nRuns: runs,
    firstRunDate: `2026-11-${day}`,
    lastRunDate: `2026-11-${day}`,
    columns,
  };
}

/** A version that ran nowhere in the date range: every sum is zero. */
function emptyVersion(agentId: string, v: number): VersionStats {
  return { agentVersionId: `${agentId}@${v}`, version: v, nRuns: 0, firstRunDate: null, lastRunDate: null, columns: {} };
}

function fixture(agentId = 'support_triage') {
  const means = (cost: number, latency: number) => ({
    grade: [0.81, 0.1] as [number, number],
    cost: [cost, 0.004] as [number, number],
    latency: [latency, 300] as [number, number],
    tokens: [2400, 500] as [number, number],
  });
  const stats = [
    version(agentId, 1, 400, { resolved: 300, firstResponse: 200, succeeded: 380, errors: 8, passed: 320 }, means(0.011, 1180)),
    emptyVersion(agentId, 2),
    version(agentId, 3, 500, { resolved: 360, firstResponse: 250, succeeded: 470, errors: 10, passed: 400 }, means(0.0123, 1234)),
    version(agentId, 4, 500, { resolved: 290, firstResponse: 240, succeeded: 468, errors: 12, passed: 395 }, means(0.0131, 1290)),
  ];
  const report = buildReport(agentId, { fromVersion: 1, toVersion: 4, fromDate: '2026-11-01', toDate: '2026-11-30' }, stats);
  const comparison = compareVersions(stats[2] as VersionStats, stats[3] as VersionStats);
  return { stats, report, comparison };
}

function render(overrides: Partial<Parameters<typeof renderReportHtml>[0]> = {}) {
  const { report, comparison } = fixture();
  return renderReportHtml({
    title: 'support_triage report',
    report,
    comparison,
    diffHtml: '<ul class="changes"><li><del>temperature: 0.3</del> <ins>temperature: 0.6</ins></li></ul>',
    rollbackCommand: 'agentver rollback support_triage --to 3',
    generatedAt: GENERATED_AT,
    ...overrides,
  });
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** The text of the first match of `pattern`, with tags stripped and the escaper's entities undone. */
function textOf(html: string, pattern: RegExp): string {
  const match = html.match(pattern);
  return (match?.[0] ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every opened element is closed in order (void and self-closed elements excepted): a cheap well-formedness check. */
function unbalancedTags(html: string): string[] {
  const voids = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);
  const stack: string[] = [];
  const problems: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, rawName, selfClosing] = match;
    const name = (rawName as string).toLowerCase();
    if (voids.has(name) || selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`unexpected </${name}>`);
  }
  return [...problems, ...stack.map((name) => `unclosed <${name}>`)];
}

/** The svg elements, in order. */
function svgs(html: string): string[] {
  return html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
}

describe('renderReportHtml', () => {
  it('renders one complete, well-formed HTML5 document', () => {
    const html = render();
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>support_triage report</title>');
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('is self-contained: no scripts, external resources, fonts or stylesheets', () => {
    const html = render();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toContain('http://');
    expect(html).not.toContain('https://');
    expect(html).not.toMatch(/url\(|@import|@font-face/i);
    expect(html).toContain("default-src 'none'");
  });

  it('shows the agent, filters, generation time and the caveat', () => {
    const { report } = fixture();
    const html = render();
    const meta = textOf(html, /<dl class="meta">[\s\S]*?<\/dl>/);
    expect(meta).toContain('Agentsupport_triage');
    expect(meta).toContain('Versions@1 to @4');
    expect(meta).toContain('Dates2026-11-01 to 2026-11-30');
    expect(meta).toContain('Runs found1,400 in 4 versions, 2026-11-01 to 2026-11-04');
    expect(meta).toContain('Generated2026-11-20 14:03 UTC');
    expect(textOf(html, /<p class="caveat"[\s\S]*?<\/p>/)).toBe(`Caution: ${report.caveat}`);
    // The report's caveat and the comparison's are the same sentence: shown once.
    expect(count(html, 'class="caveat"')).toBe(1);
  });

  it('leads with the comparison: summary line, formatted values, coloured verdicts', () => {
    const { comparison } = fixture();
    const html = render();
    expect(textOf(html, /<p class="summary">[\s\S]*?<\/p>/)).toBe('support_triage@4 vs support_triage@3: worse');
    expect(html).toContain('<span class="verdict worse">worse</span>');

    const row = textOf(html, /<tr><td>resolution rate<\/td>[\s\S]*?<\/tr>/);
    expect(row).toContain('72.0%n=500');
    expect(row).toContain('58.0%n=500');
    expect(row).toContain('−14.0 pp[');
    expect(row).toMatch(/< 0\.001< 0\.001worse/);
    expect(html).toMatch(/<tr><td>resolution rate<\/td>[\s\S]*?<td class="verdict worse">worse<\/td>/);

    expect(textOf(html, /<tr><td>cost per run<\/td>[\s\S]*?<\/tr>/)).toContain('$0.0123n=500');
    expect(textOf(html, /<tr><td>latency<\/td>[\s\S]*?<\/tr>/)).toContain('1,234 msn=500');
    expect(html).toContain('Adjusted p<span class="sub">Holm</span>');

    // Every metric has a row, and every verdict its colour class.
    for (const metric of comparison.metrics) {
      const cls = metric.verdict === 'worse' ? 'worse' : metric.verdict === 'better' ? 'better' : 'neutral';
      expect(html).toContain(`<td class="verdict ${cls}">${metric.verdict}</td>`);
      expect(html).toContain(`<tr><td>${metric.label}</td>`);
    }
    // p-values as R's format.pval: "< 0.001" or three significant digits.
    const pCells = [...html.matchAll(/<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="verdict/g)]
      .flatMap((m) => [m[1], m[2]])
      .map((cell) => cell?.replace('&lt;', '<'));
    expect(pCells).toHaveLength(comparison.metrics.length * 2);
    for (const cell of pCells) expect(cell).toMatch(/^(< 0\.001|0\.\d{1,3}|0\.0\d{1,3}|0\.00\d{1,3}|1|—)$/);
  });

  it('names Benjamini–Hochberg when that adjustment was used', () => {
    const { stats } = fixture();
    const comparison = compareVersions(stats[2] as VersionStats, stats[3] as VersionStats, { adjustment: 'BH' });
    expect(render({ comparison })).toContain('Adjusted p<span class="sub">Benjamini–Hochberg</span>');
  });

  it('inserts diffHtml as is in a section, and the rollback command in a <pre>', () => {
    const html = render();
    expect(html).toMatch(/<section class="diff">[\s\S]*<del>temperature: 0.3<\/del> <ins>temperature: 0.6<\/ins>[\s\S]*?<\/section>/);
    expect(html).toContain('<pre><code>agentver rollback support_triage --to 3</code></pre>');
    const bare = render({ comparison: undefined, diffHtml: undefined, rollbackCommand: undefined });
    // Without a comparison to lead with, the page shows every comparison of the report, as its title promises.
    expect(count(bare, '<section class="comparison">')).toBe(fixture().report.comparisons.length);
    expect(bare).not.toContain('class="diff"');
    expect(bare).not.toContain('<pre>');
  });

  it('draws one accessible svg chart per metric', () => {
    const { report } = fixture();
    const html = render();
    const charts = svgs(html);
    expect(count(html, '<svg')).toBe(report.metrics.length);
    expect(count(html, '</svg>')).toBe(report.metrics.length);
    expect(charts).toHaveLength(report.metrics.length);
    charts.forEach((svg, index) => {
      expect(svg).toMatch(/^<svg class="chart" viewBox="0 0 600 220"[^>]* role="img" aria-label="[^"]+"/);
      expect(svg).toContain(`<title>${report.metrics[index]?.label} by version; latest`);
      expect(count(svg, '<svg')).toBe(1);
      // x axis labels in order
      expect(svg.indexOf('>@1<')).toBeLessThan(svg.indexOf('>@3<'));
      expect(svg.indexOf('>@3<')).toBeLessThan(svg.indexOf('>@4<'));
      // the latest version is highlighted
      expect(svg).toContain('class="tick latest"');
      expect(count(svg, 'class="point latest"')).toBe(1);
    });
  });

  it('draws an error bar for each version with an interval, and marks versions without data', () => {
    const { report } = fixture();
    const html = render();
    for (const svg of svgs(html)) {
      // @1, @3 and @4 have intervals; @2 has no runs.
      expect(count(svg, 'class="error-bar"')).toBe(3);
      expect(count(svg, 'class="point missing"')).toBe(1);
      expect(svg).toContain('>no data<');
      expect(svg).toContain('<title>@2: no data</title>');
    }
    expect(report.versions[1]?.values.resolution_rate?.interval).toBeNull();
    expect(html).not.toContain('NaN');
    expect(html).not.toContain('Infinity');
    expect(html).not.toContain('undefined');
  });

  it('puts rate charts on a percentage axis within 0–100%', () => {
    const html = render();
    const rate = svgs(html)[0] as string;
    const ticks = [...rate.matchAll(/class="tick" x="54" [^>]*>([^<]*)</g)].map((m) => m[1] as string);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const tick of ticks) {
      expect(tick).toMatch(/^\d+(\.\d)?%$/);
      expect(Number.parseFloat(tick)).toBeGreaterThanOrEqual(0);
      expect(Number.parseFloat(tick)).toBeLessThanOrEqual(100);
    }
  });

  it('tabulates every metric × version with n, versions as columns', () => {
    const { report } = fixture();
    const html = render();
    const table = html.match(/<section class="versions">[\s\S]*?<\/section>/)?.[0] ?? '';
    expect(count(table, '<th>support_triage@')).toBe(report.versions.length);
    expect(count(table, '<tr><td>')).toBe(report.metrics.length + 1);
    const resolution = textOf(table, /<tr><td>resolution rate<\/td>[\s\S]*?<\/tr>/);
    expect(resolution).toBe('resolution rate75.0%n=400no data72.0%n=50058.0%n=500');
    expect(textOf(table, /<tr><td>cost per run<\/td>[\s\S]*?<\/tr>/)).toContain('$0.0123n=500');
    expect(textOf(table, /<tr><td>latency<\/td>[\s\S]*?<\/tr>/)).toContain('1,234 msn=500');
    // version 2 ran nowhere: one "no data" per metric
    expect(count(table, 'no data')).toBe(report.metrics.length);
  });

  it('splits the versions table every six versions, so it never widens past the page', () => {
    const { stats } = fixture();
    const many = Array.from({ length: 13 }, (_, i) => ({
      ...(stats[0] as VersionStats),
      version: i + 1,
      agentVersionId: `support_triage@${i + 1}`,
    }));
    const html = renderReportHtml({ title: 't', report: buildReport('support_triage', {}, many), generatedAt: GENERATED_AT });
    const table = html.match(/<section class="versions">[\s\S]*?<\/section>/)?.[0] ?? '';
    expect(count(table, '<table class="versions">')).toBe(3);
    expect(count(table, '<th>support_triage@')).toBe(13);
  });

  it('escapes data: agent ids, version ids, labels, units, title and rollback command', () => {
    const { stats } = fixture(EVIL);
    const report = buildReport(EVIL, { fromDate: EVIL }, stats);
    const firstMetric = report.metrics[0];
    if (firstMetric) {
      firstMetric.label = EVIL;
      firstMetric.unit = EVIL;
    }
    const comparison = compareVersions(stats[2] as VersionStats, stats[3] as VersionStats);
    const firstCompared = comparison.metrics[0];
    if (firstCompared) firstCompared.label = EVIL;
    const html = renderReportHtml({ title: EVIL, report, comparison, rollbackCommand: EVIL, generatedAt: GENERATED_AT });
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(`<title>${escapeHtml(EVIL)}</title>`);
    expect(unbalancedTags(html)).toEqual([]);
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('is deterministic for the same input', () => {
    expect(render()).toBe(render());
  });

  it('copes with no versions, a single version, and a single run', () => {
    const empty = buildReport('solo', {}, []);
    const one = buildReport('solo', {}, [
      version(
        'solo',
        1,
        1,
        { resolved: 1, firstResponse: 1, succeeded: 1, errors: 0, passed: 1 },
        {
          grade: [1, 0],
          cost: [0.01, 0],
          latency: [900, 0],
          tokens: [100, 0],
        },
      ),
    ]);
    for (const report of [empty, one]) {
      const html = renderReportHtml({ title: 'solo', report, generatedAt: GENERATED_AT });
      expect(svgs(html)).toHaveLength(report.metrics.length);
      expect(html).not.toContain('NaN');
      expect(html).not.toContain('Infinity');
      expect(html).not.toContain('class="error-bar"');
      expect(unbalancedTags(html)).toEqual([]);
    }
  });

  it('defaults generatedAt to now', () => {
    const { report } = fixture();
    expect(renderReportHtml({ title: 't', report })).toMatch(/Generated<\/dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });
});

describe('HTML report formats', () => {
  it('formats rates, differences, means and p-values', () => {
    expect(formatRate(0.72)).toBe('72.0%');
    expect(formatRate(null)).toBe('—');
    expect(formatDifference('rate', '', -0.14)).toBe('−14.0 pp');
    expect(formatDifference('rate', '', 0.031)).toBe('+3.1 pp');
    expect(formatDifference('rate', '', -0.0001)).toBe('0.0 pp');
    expect(formatMean(0.0123, 'USD')).toBe('$0.0123');
    expect(formatMean(12.5, 'USD')).toBe('$12.50');
    expect(formatDifference('mean', 'USD', -0.00123)).toBe('−$0.00123');
    expect(formatMean(1234.4, 'ms')).toBe('1,234 ms');
    expect(formatDifference('mean', 'ms', 56.25)).toBe('+56.3 ms');
    expect(formatMean(0.8123, '')).toBe('0.812');
    expect(formatMean(2400, 'tokens')).toBe('2,400 tokens');
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(0.001)).toBe('0.001');
    expect(formatPValue(0.012345)).toBe('0.0123');
    expect(formatPValue(0.5)).toBe('0.5');
    expect(formatPValue(1)).toBe('1');
    expect(formatPValue(null)).toBe('—');
  });

  it('builds nice axes that stay within what the metric allows', () => {
    const rate = valueAxis('rate', [0.55, 0.62, 0.7]);
    expect(rate.domain[0]).toBeGreaterThanOrEqual(0);
    expect(rate.domain[1]).toBeLessThanOrEqual(1);
    expect(rate.ticks).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75]);
    expect(valueAxis('rate', [0.98, 1]).domain[1]).toBe(1);
    expect(valueAxis('rate', [0, 0.01]).domain[0]).toBe(0);
    expect(valueAxis('mean', [0.01, 0.012]).domain[0]).toBeGreaterThanOrEqual(0);
    expect(valueAxis('mean', []).domain).toEqual([0, 1]);
    expect(valueAxis('mean', [5, 5]).ticks.every(Number.isFinite)).toBe(true);
    expect(linearScale([2, 2], [100, 0])(2)).toBe(50);
  });
});
