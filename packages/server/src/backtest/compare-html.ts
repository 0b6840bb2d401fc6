/** The comparison as one self-contained HTML page: inline CSS and SVG charts, no script, no network. */
import { formatConfusion, type TriggerMetrics } from '@baton/engine/calibration';
import type { ComparisonReport, PolicyOutcome, ShadowImpact } from './compare.ts';
import { barChart, escapeHtml } from './svg-bars.ts';

const COLORS = { a: '#7a869a', b: '#2f6fde' };
const MAX_TRIGGER_ROWS = 30;

const figure = (value: number | null): string => (value === null ? 'n/a' : value.toFixed(3));
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const signed = (value: number): string => (value > 0 ? `+${value}` : String(value));

function policyName(outcome: PolicyOutcome): string {
  return `${outcome.version} (${outcome.source})`;
}

function triggerRows(
  report: ComparisonReport,
): { key: string; a: TriggerMetrics | undefined; b: TriggerMetrics | undefined }[] {
  const keys = new Map<
    string,
    { key: string; a: TriggerMetrics | undefined; b: TriggerMetrics | undefined }
  >();
  for (const side of ['a', 'b'] as const) {
    for (const metrics of report[side].triggers) {
      const key = `${metrics.trigger}${metrics.shadow ? ' (shadow)' : ''}`;
      const row = keys.get(key) ?? { key, a: undefined, b: undefined };
      row[side] = metrics;
      keys.set(key, row);
    }
  }
  return [...keys.values()]
    .sort(
      (left, right) =>
        (right.a?.firings ?? 0) + (right.b?.firings ?? 0) - (left.a?.firings ?? 0) - (left.b?.firings ?? 0),
    )
    .slice(0, MAX_TRIGGER_ROWS);
}

function shadowTable(title: string, impacts: ShadowImpact[]): string {
  if (impacts.length === 0) return `<p>${escapeHtml(title)}: no shadow trigger fired.</p>`;
  const rows = impacts
    .map(
      (impact) =>
        `<tr><td>${escapeHtml(impact.trigger)}</td><td>${escapeHtml(impact.action)}</td><td>${impact.firings}</td><td>${impact.conversations}</td>` +
        `<td>${impact.added.conversations}</td><td>${impact.added.warranted}</td><td>${impact.earlier.conversations}</td>` +
        `<td>${impact.earlier.conversations === 0 ? '-' : (impact.earlier.turns / impact.earlier.conversations).toFixed(1)}</td></tr>`,
    )
    .join('');
  return (
    `<h3>${escapeHtml(title)}</h3><table><thead><tr><th>shadow trigger</th><th>action</th><th>firings</th><th>conversations</th>` +
    '<th>would add escalations</th><th>of them warranted</th><th>would escalate earlier</th><th>turns earlier (mean)</th></tr></thead>' +
    `<tbody>${rows}</tbody></table>`
  );
}

/** Renders the report; the page names both policies and every figure's counts. */
export function renderComparisonHtml(report: ComparisonReport): string {
  const { a, b } = report;
  const series = [
    { name: `A: ${a.version}`, color: COLORS.a },
    { name: `B: ${b.version}`, color: COLORS.b },
  ];
  const volume = barChart({
    title: 'Escalated conversations',
    series,
    max: Math.max(1, report.conversations),
    groups: [
      {
        label: 'escalated',
        values: [a.escalated, b.escalated],
        texts: [a, b].map(
          (side) =>
            `${side.escalated} (${percent(report.conversations === 0 ? 0 : side.escalated / report.conversations)})`,
        ),
      },
    ],
  });
  const outcomes = barChart({
    title: `Against expected outcomes (${report.labelled} labelled, ${report.warranted} warranted a person)`,
    series,
    max: 1,
    groups: (['precision', 'recall', 'f1'] as const).map((name) => ({
      label: name === 'f1' ? 'F1' : name,
      values: [a[name], b[name]],
      texts: [figure(a[name]), figure(b[name])],
    })),
  });
  const triggers = triggerRows(report);
  const metricChart = (name: 'precision' | 'recall'): string =>
    barChart({
      title: `${name === 'precision' ? 'Precision' : 'Recall'} per trigger (conversation level)`,
      series,
      max: 1,
      groups: triggers.map((row) => ({
        label: row.key,
        values: [row.a?.[name] ?? null, row.b?.[name] ?? null],
        texts: [row.a, row.b].map((metrics) =>
          metrics
            ? `${figure(metrics[name])} (${metrics.warranted}/${name === 'precision' ? metrics.conversations : report.warranted})`
            : '-',
        ),
      })),
    });
  const firings = barChart({
    title: 'Firings per trigger (turns)',
    series,
    max: Math.max(1, ...triggers.flatMap((row) => [row.a?.firings ?? 0, row.b?.firings ?? 0])),
    groups: triggers.map((row) => ({
      label: row.key,
      values: [row.a?.firings ?? 0, row.b?.firings ?? 0],
      texts: [String(row.a?.firings ?? 0), String(row.b?.firings ?? 0)],
    })),
  });
  const flipRows = report.flips.listed
    .map(
      (flip) =>
        `<tr><td>${escapeHtml(flip.id)}</td><td>${flip.escalatedUnder === 'b' ? 'B only' : 'A only'}</td><td>${flip.turn}</td>` +
        `<td>${escapeHtml(flip.trigger ?? '-')}</td><td>${escapeHtml(flip.action)}</td>` +
        `<td>${flip.shouldEscalate === null ? '-' : flip.shouldEscalate ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  const flips = report.flips;
  const totalFlips = flips.toEscalated + flips.toContinue;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baton policy comparison: ${escapeHtml(a.version)} vs ${escapeHtml(b.version)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dde1e8}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #dde1e8;border-radius:6px;padding:.6rem 1rem;min-width:160px}
.card b{display:block;font-size:1.3rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #dde1e8;padding:.25rem .5rem;text-align:left}
th{background:#f4f6f9}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg text{font-size:12px;fill:#1d2330}svg .value{fill:#4a5263}
</style></head><body>
<h1>Policy comparison</h1>
<p>A: <b>${escapeHtml(policyName(a))}</b><br>B: <b>${escapeHtml(policyName(b))}</b></p>
<div class="cards">
<div class="card">conversations<b>${report.conversations}</b>${report.turns} turns${report.skippedLines > 0 ? `, ${report.skippedLines} bad lines skipped` : ''}</div>
<div class="card">escalated under A<b>${a.escalated}</b>${percent(report.conversations === 0 ? 0 : a.escalated / report.conversations)}</div>
<div class="card">escalated under B<b>${b.escalated}</b>${percent(report.conversations === 0 ? 0 : b.escalated / report.conversations)}</div>
<div class="card">volume change<b>${signed(report.volumeChange.conversations)}</b>${report.volumeChange.relative === null ? 'n/a' : `${signed(Math.round(report.volumeChange.relative * 1000) / 10)}% relative`}</div>
<div class="card">flips<b>${totalFlips}</b>${flips.toEscalated} to escalated, ${flips.toContinue} to not</div>
</div>
<h2>Volume and outcomes</h2>
${volume}
${outcomes}
<p>Counts: A ${formatConfusion(a.confusion)}; B ${formatConfusion(b.confusion)}.
A trigger's precision is the share of the labelled conversations it fired in that warranted a person; its recall, the share of the conversations that warranted a person it fired in.</p>
<h2>Triggers</h2>
${metricChart('precision')}
${metricChart('recall')}
${firings}
<h2>Conversations that flip</h2>
<p>${totalFlips} conversations are escalated under one policy and not the other: ${flips.improved} flip the right way (by the expected outcome), ${flips.worsened} the wrong way.
Of those escalated under both, ${flips.earlierUnderB} escalate earlier under B and ${flips.laterUnderB} later.${flips.truncated ? ` The first ${flips.listed.length} are listed.` : ''}</p>
${flipRows ? `<table><thead><tr><th>conversation</th><th>escalated under</th><th>turn</th><th>trigger</th><th>action</th><th>warranted</th></tr></thead><tbody>${flipRows}</tbody></table>` : ''}
<h2>Shadow triggers</h2>
<p>What each shadow trigger would have changed had it been enforced.</p>
${shadowTable('Under A', a.shadow)}
${shadowTable('Under B', b.shadow)}
</body></html>
`;
}
