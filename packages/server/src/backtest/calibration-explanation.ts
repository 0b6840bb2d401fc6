/** F1 of escalating every conversation, 2P / (P + all): what a policy that escalates nothing selectively scores. */
export function escalateEverythingF1(confusion: Confusion): number {
  const positives = confusion.truePositives + confusion.falseNegatives;
  const total = totalOf(confusion);
  return total === 0 ? 0 : (2 * positives) / (positives + total);
}

/** The verdict on the held-back split, judged by the objective asked for. */
function verdict(report: CalibrationReport): string {
  const held = report.heldBack;
  if (totalOf(held.recommended) === 0)
    return 'Verdict: nothing was held back, so nothing was measured; use --holdout above 0.';
  const objective = report.objective;
  if (objective.kind === 'budget') {
    const share = escalationShareOf(held.recommended);
    return (
      `Verdict: on the held-back split the recommended policy escalates ${percent(share)} (budget ${percent(objective.share)}: ${share <= objective.share ? 'kept' : 'exceeded'}) ` +
      `and catches ${held.recommended.truePositives} conversations that warranted a person (recall ${figure(recallOf(held.recommended))}), ` +
      `against ${held.given.truePositives} (recall ${figure(recallOf(held.given))}) at ${percent(escalationShareOf(held.given))} under the policy as given.`
    );
  }
  if (objective.kind === 'precision') {
    const precision = precisionOf(held.recommended);
    return (
      `Verdict: held-back precision ${figure(precision)} against the target ${objective.target} (${precision >= objective.target ? 'met' : 'not met'}), ` +
      `recall ${figure(recallOf(held.recommended))}; the policy as given: precision ${figure(precisionOf(held.given))}, recall ${figure(recallOf(held.given))}.`
    );
  }
  const gain = f1Of(held.recommended) - f1Of(held.given);
  if (gain > 0)
    return `Verdict: the recommended policy beats the policy as given on the held-back split (F1 +${figure(gain)}).`;
  return (
    `Verdict: the recommended policy does NOT beat the policy as given on the held-back split (F1 ${gain === 0 ? '±' : ''}${figure(gain)}): ` +
    'what the search learned on the training split does not carry over, or the tunable thresholds are not where the errors are. Keep the policy as given.'
  );
}

/** The plain-words account of a calibration: what was searched, what changed and why, how it measured. */
import {
  escalationShareOf,
  f1Of,
  formatConfusion,
  precisionOf,
  recallOf,
  totalOf,
  type Confusion,
} from '@baton/engine/calibration';
import type { CalibrationReport, KnobOutcome } from './calibrate.ts';

const figure = (value: number): string => value.toFixed(3);
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

function rate(part: { escalated: number; warranted: number }): string {
  if (part.escalated === 0) return 'escalate no training conversation';
  return `escalate ${part.escalated} training conversations, ${part.warranted} of them warranted (precision ${figure(part.warranted / part.escalated)})`;
}

function objectiveText(report: CalibrationReport): string {
  const objective = report.objective;
  if (objective.kind === 'f1') return 'the best F1 (precision and recall weighed equally)';
  if (objective.kind === 'precision')
    return `the most conversations caught at a precision of at least ${objective.target}`;
  return `the most conversations caught with at most ${percent(objective.share)} of conversations escalated`;
}

function knobLine(knob: KnobOutcome): string {
  if (!knob.evidence) {
    return `- ${knob.label}: left at ${knob.from}: no training conversation escalates or not depending on it, so the data says nothing about it.`;
  }
  if (knob.from === knob.to) {
    return `- ${knob.label}: left at ${knob.from} (${knob.fromRule}): no other value does better on the training split; its triggers ${rate(knob.atFrom)}.`;
  }
  return (
    `- ${knob.label}: ${knob.from} → ${knob.to} (${knob.toRule}). ` +
    `At ${knob.from} its triggers (${knob.triggers.join(', ')}) ${rate(knob.atFrom)}; at ${knob.to} they ${rate(knob.atTo)}.`
  );
}

function measured(label: string, confusion: Confusion): string {
  return (
    `  ${label.padEnd(22)} F1 ${figure(f1Of(confusion))}  precision ${figure(precisionOf(confusion))}  recall ${figure(recallOf(confusion))}  ` +
    `escalated ${percent(escalationShareOf(confusion))}  (${formatConfusion(confusion)})`
  );
}

/** The explanation printed on stderr (or beside the YAML) after `baton calibrate`. */
export function explainCalibration(report: CalibrationReport): string {
  const { counts } = report;
  if (counts.train + counts.heldBack === 0) {
    return (
      `Nothing to calibrate on: no conversation carries an outcome (outcome.shouldEscalate) ` +
      `(${counts.unlabelled} without one, ${counts.skippedLines} malformed lines skipped).`
    );
  }
  const lines = [
    `Calibrating policy "${report.policyVersion}" for ${objectiveText(report)}.`,
    `Data: ${counts.train + counts.heldBack} labelled conversations (${counts.unlabelled} without an outcome ignored, ${counts.skippedLines} malformed lines skipped). ` +
      `Seed ${report.seed} held back ${counts.heldBack} (${counts.heldBackWarranted} warranted a person) and searched on ${counts.train} (${counts.trainWarranted} warranted).`,
    'Method: each training conversation was replayed once; for each threshold we kept the strictest value at which its triggers would escalate it, ' +
      'then searched the grid of values one threshold at a time on the training split. The held-back figures below come from a real replay of both policies.',
  ];
  const cv = report.crossValidation;
  lines.push(
    `Cross-check: searching on ${cv.folds - 1} of ${cv.folds} parts of the training split and scoring on the part left out gives F1 ${figure(f1Of(cv.searched))}, ` +
      `against ${figure(f1Of(cv.given))} for the policy's own values on the same parts.`,
  );
  if (report.rejected) {
    lines.push(
      `So the search's best setting (${report.rejected.changes.join(', ') || 'no change'}; training F1 ${figure(report.rejected.trainF1)}` +
        `${report.standardError === null ? '' : ` ± ${figure(report.standardError)}`}) won only on the data it was fitted to: ` +
        'it is not recommended, and every threshold stays as given.',
    );
  } else if (report.standardError !== null) {
    lines.push(
      `The recommended setting's training F1 is ${figure(f1Of(report.train.recommended))}, give or take ${figure(report.standardError)} ` +
        '(bootstrap standard error): a difference between two settings smaller than that is noise, not evidence.',
    );
  }
  lines.push('', 'Thresholds:', ...report.knobs.map(knobLine));
  if (report.knobs.length === 0)
    lines.push('- none: the policy has no trigger on a threshold Baton can tune.');
  if (report.fixedTriggers.length > 0) {
    lines.push(
      `Triggers without a tunable threshold (${report.fixedTriggers.join(', ')}) ${rate(report.fixedEscalated)} whatever the thresholds; ` +
        'they bound what calibration can gain. Review them by hand if their precision is low.',
    );
  }
  if (!report.feasible) {
    lines.push(
      report.objective.kind === 'precision'
        ? `The target precision is out of reach on the training split: the best found is ${figure(precisionOf(report.train.recommended))}.`
        : `The budget is out of reach on the training split: the fixed triggers alone escalate more; the fewest escalations found is ${percent(escalationShareOf(report.train.recommended))}.`,
    );
  }
  const held = report.heldBack;
  const total = totalOf(held.recommended);
  const volumeFrom = total > 0 ? held : report.train;
  lines.push(
    '',
    `Expected handoff volume: ${percent(escalationShareOf(volumeFrom.recommended))} of conversations ` +
      `(${total > 0 ? 'held-back split' : 'training split: nothing was held back'}), against ${percent(escalationShareOf(volumeFrom.given))} under the policy as given.`,
    `Training split (${totalOf(report.train.given)} conversations):`,
    measured('policy as given', report.train.given),
    measured('recommended', report.train.recommended),
    `Held-back split (${total} conversations, seed ${report.seed}):`,
    measured('policy as given', held.given),
    measured('recommended', held.recommended),
  );
  const escalateAll = escalateEverythingF1(held.recommended);
  lines.push(
    `  ${'escalate everything'.padEnd(22)} F1 ${figure(escalateAll)}  (the floor: an F1 gain means something only above it)`,
  );
  lines.push(verdict(report));
  if (report.objective.kind === 'f1' && total > 0 && f1Of(held.recommended) - escalateAll < 0.02) {
    lines.push(
      `Caution: the recommended F1 is within 0.02 of escalating every conversation. With ${percent(escalateAll / (2 - escalateAll))} of conversations warranting a person, ` +
        'F1 rewards escalating nearly everything; choose the trade-off yourself with --budget (the share you can staff) or --target-precision.',
    );
  }
  if (report.modelMismatches > 0) {
    lines.push(
      `Note: on ${report.modelMismatches} held-back conversations the search's shortcut and the real replay disagree (a trigger that mixes two tuned signals, or one that fires less as its threshold loosens); the held-back figures are the real replay's.`,
    );
  }
  return lines.join('\n');
}
