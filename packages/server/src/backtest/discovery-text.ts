/** The discovery report for a person: candidates with counts and quotes, and a shadow-trigger sketch. */
import { stringify } from 'yaml';
import type { Candidate, DiscoveryReport } from './discover.ts';

const percent = (part: number, whole: number): string =>
  whole === 0 ? 'n/a' : `${((part / whole) * 100).toFixed(1)}%`;

function candidateLines(candidate: Candidate, index: number, report: DiscoveryReport): string[] {
  const what =
    candidate.kind === 'phrase'
      ? `${candidate.role} says "${candidate.text}"`
      : candidate.kind === 'tool_error'
        ? `tool error ${candidate.text}`
        : `label ${candidate.text}`;
  return [
    `${String(index + 1).padStart(2)}. ${what}: in ${candidate.inTarget} misses (${percent(candidate.inTarget, report.misses)}) ` +
      `against ${candidate.inRest} others (${percent(candidate.inRest, report.rest)}); log-odds ${candidate.logOdds.toFixed(2)}, z ${candidate.z.toFixed(1)}`,
    ...candidate.examples.map(
      (example) => `      e.g. ${example.id} turn ${example.turn}: "${example.quote.replace(/\s+/g, ' ')}"`,
    ),
  ];
}

/** A policy fragment that measures the top customer phrases as shadow triggers before anyone enforces them. */
export function shadowSketch(candidates: readonly Candidate[], count = 3): string {
  const phrases = candidates
    .filter((candidate) => candidate.kind === 'phrase' && candidate.role === 'customer')
    .slice(0, count);
  if (phrases.length === 0) return '';
  const topics: Record<string, string[]> = {};
  const triggers = phrases.map((candidate, index) => {
    const topic = `discovered_${index + 1}`;
    topics[topic] = [candidate.text];
    return {
      id: `discovered-${index + 1}`,
      description: `Discovered in missed escalations: the customer says "${candidate.text}".`,
      when: { signal: 'high_stakes', labels: [topic] },
      action: 'offer',
      mode: 'shadow',
    };
  });
  return stringify({ signals: { high_stakes: { topics } }, triggers });
}

/** The report as text. */
export function formatDiscovery(report: DiscoveryReport): string {
  const lines = [
    `Misses: ${report.misses} conversations warranted a person and were never escalated under policy "${report.policyVersion}" ` +
      `(of ${report.labelled} labelled; ${report.rest} others; ${report.unlabelled} without an outcome ignored; ${report.skippedLines} malformed lines skipped).`,
  ];
  if (report.misses === 0) {
    lines.push('No misses: nothing to discover.');
    return lines.join('\n');
  }
  if (report.candidates.length === 0) {
    lines.push('No term is over-represented in the misses (try a lower --min-count).');
    return lines.join('\n');
  }
  lines.push(
    'Candidate triggers: terms over-represented in the misses against every other labelled conversation, counted once per conversation ' +
      '(z: the smoothed log odds ratio over its standard error; above 2 is unlikely to be chance for one term, but many terms were tried):',
    ...report.candidates.flatMap((candidate, index) => candidateLines(candidate, index, report)),
  );
  const sketch = shadowSketch(report.candidates);
  if (sketch) {
    lines.push(
      '',
      'To measure the top customer phrases before enforcing them, merge into your policy (shadow triggers change no decision; `baton replay --compare` reports what they would change):',
      sketch.trimEnd(),
    );
  }
  return lines.join('\n');
}
