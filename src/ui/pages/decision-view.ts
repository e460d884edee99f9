import type { RolloutDecision } from '../backend.js';
import { html, type SafeHtml } from '../html.js';

function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  return Math.abs(x) >= 1000 ? x.toFixed(0) : Number(x.toPrecision(3)).toString();
}

function pValue(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : Number(p.toPrecision(3)).toString();
}

const share = (u: { baseline: number; candidate: number }) => {
  const total = u.baseline + u.candidate;
  return total > 0 ? `${num((100 * u.candidate) / total)}%` : '–';
};

/**
 * A watch decision's evidence as the CLI prints it: units and runs per arm with the sample-ratio
 * p-value, the entry states (strata), and each metric's values, difference, always-valid
 * interval, margin and verdict; the caps and the method under them.
 */
export function decisionView(decision: RolloutDecision, caps: object | null): SafeHtml {
  const primary = decision.metrics.find((m) => m.role === 'primary');
  const strata = decision.strata.map((s) => {
    const part = primary?.strata.find((p) => p.release_number === s.release_number);
    return html`<tr><td>release ${s.release_number}</td><td class="num">${num(s.candidate_percent)}%</td><td class="num">${s.units.baseline} / ${s.units.candidate}</td><td class="num">${share(s.units)}</td><td class="num">${s.runs.baseline} / ${s.runs.candidate}</td><td class="num">${part ? num(part.difference) : ''}</td><td class="num">${part ? `${num(100 * part.weight)}%` : ''}</td><td class="num">${pValue(s.srm_p_value)}</td></tr>`;
  });
  const metrics = decision.metrics.map((m) => {
    const margin = m.margin
      ? m.margin.relative
        ? `${m.better === 'lower' ? '+' : '-'}${num(m.margin.value * 100)}%`
        : `${m.better === 'lower' ? '+' : '-'}${num(m.margin.value)}`
      : '';
    return html`<tr><td>${m.metric}</td><td>${m.role}</td><td class="num">${num(m.baseline)}</td><td class="num">${num(m.candidate)}</td><td class="num">${num(m.difference)}</td><td class="num">${m.interval ? `[${num(m.interval[0])}, ${num(m.interval[1])}]` : ''}</td><td>${margin}</td><td><span class="verdict">${m.verdict}</span></td></tr>`;
  });
  const capped = caps ? (Object.entries(caps) as [string, number | null][]).filter(([, v]) => v !== null) : [];
  return html`<p>Units: baseline <strong>${decision.units.baseline}</strong>, candidate <strong>${decision.units.candidate}</strong> (candidate ${share(decision.units)}); runs: baseline ${decision.runs.baseline}, candidate ${decision.runs.candidate}; SRM p = ${pValue(decision.srmPValue)}; misassigned units ${decision.misassignedUnits}.</p>
<div class="scroll"><table class="evidence">
<caption>Entry states: units split at the share of the state they entered in, compared within each</caption>
<thead><tr><th>Entered in</th><th>Share</th><th>Units b / c</th><th>Candidate</th><th>Runs b / c</th><th>${primary?.metric ?? 'primary'} difference</th><th>Weight</th><th>SRM p</th></tr></thead>
<tbody>${strata}</tbody></table></div>
<div class="scroll"><table class="evidence">
<thead><tr><th>Metric</th><th>Role</th><th>Baseline</th><th>Candidate</th><th>Difference</th><th>Always-valid interval</th><th>Margin</th><th>Verdict</th></tr></thead>
<tbody>${metrics}</tbody></table></div>
${capped.length > 0 ? html`<p class="sub">Means winsorized at the canary's pooled p99: ${capped.map(([k, v]) => `${k} at ${num(v)}`).join(', ')}.</p>` : ''}
<details><summary>Method</summary><p class="sub">${decision.method}</p></details>`;
}
