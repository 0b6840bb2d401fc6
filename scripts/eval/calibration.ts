/**
 * The calibration figure: on USS (SGD and ReDial dialogues as conversations with outcomes), the
 * default policy against the policy `baton calibrate` recommends, both measured by a real replay
 * of a seeded held-back split, with the counts and the thresholds chosen. Beside them: the F1 of
 * escalating everything (the floor an F1 gain must clear), the same search under a handoff budget
 * equal to the default's volume, and the mean over ten seeds, so one lucky split cannot decide.
 * Run alone: `npx tsx scripts/eval/calibration.ts` (data from BATON_EVAL_DATA or ../shared/data).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultPolicy, validatePolicy, type Policy } from '@baton/engine';
import {
  buildFeatureModel,
  confusionAt,
  escalationShareOf,
  f1Of,
  formatConfusion,
  isHeldBack,
  KNOBS,
  measureFeatures,
  precisionOf,
  recallOf,
  recommendThresholds,
  type Confusion,
  type LabelledFeatures,
} from '../../packages/engine/src/calibration/index.ts';
import { calibrate, type CalibrationReport } from '../../packages/server/src/backtest/calibrate.ts';
import { escalateEverythingF1 } from '../../packages/server/src/backtest/calibration-explanation.ts';
import {
  parseUss,
  type UssConversation,
  type UssLabel,
} from '../../packages/server/src/backtest/uss-format.ts';
import { toEngineTurns } from '../../packages/server/src/replay/replay-format.ts';

const SEED = 42;
const HOLDOUT = 0.3;
const SEEDS = 10;
const FILES = ['SGD', 'ReDial'];

function line(label: string, confusion: Confusion): string {
  return (
    `    ${label.padEnd(30)} F1 ${f1Of(confusion).toFixed(3)}  precision ${precisionOf(confusion).toFixed(3)}  ` +
    `recall ${recallOf(confusion).toFixed(3)}  escalated ${(escalationShareOf(confusion) * 100).toFixed(1)}%  (${formatConfusion(confusion)})`
  );
}

function thresholds(report: CalibrationReport): string {
  return report.knobs
    .filter((knob) => knob.evidence)
    .map((knob) => `${knob.knob} ${knob.from}${knob.from === knob.to ? '' : ` → ${knob.to}`}`)
    .join(', ');
}

function source(conversations: readonly UssConversation[]) {
  return async () =>
    (async function* () {
      for (const conversation of conversations) yield JSON.stringify(conversation);
    })();
}

/** Default against calibrated F1 over several seeds, from features measured once (the search's own model). */
function acrossSeeds(policy: Policy, conversations: readonly UssConversation[]): string {
  const model = buildFeatureModel(policy, KNOBS);
  const rows = conversations.map((conversation) => ({
    id: conversation.id,
    ...measureFeatures(model, toEngineTurns(conversation)),
    warranted: conversation.outcome.shouldEscalate,
  }));
  const start = model.plans.map((plan) => plan.start);
  const sizes = model.plans.map((plan) => plan.values.length);
  let given = 0;
  let tuned = 0;
  let wins = 0;
  let kept = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const train: LabelledFeatures[] = rows.filter((row) => !isHeldBack(row.id, seed, HOLDOUT));
    const held = rows.filter((row) => isHeldBack(row.id, seed, HOLDOUT));
    const { indices, rejected } = recommendThresholds(train, sizes, start, { kind: 'f1' }, { seed });
    if (rejected) kept += 1;
    const f1Given = f1Of(confusionAt(held, start));
    const f1Tuned = f1Of(confusionAt(held, indices));
    given += f1Given;
    tuned += f1Tuned;
    if (f1Tuned > f1Given) wins += 1;
  }
  return (
    `    seeds 1–${SEEDS}: mean held-back F1 default ${(given / SEEDS).toFixed(3)}, calibrated ${(tuned / SEEDS).toFixed(3)}; calibrated better on ${wins} of ${SEEDS}` +
    (kept > 0 ? ` (on ${kept} the cross-check rejected the search and kept the default's values)` : '')
  );
}

async function section(
  policy: Policy,
  conversations: UssConversation[],
  title: string,
  withBudget: boolean,
): Promise<string[]> {
  const warranted = conversations.filter((conversation) => conversation.outcome.shouldEscalate).length;
  const report = await calibrate(source(conversations), policy, {
    objective: { kind: 'f1' },
    seed: SEED,
    holdout: HOLDOUT,
  });
  const held = report.heldBack;
  const lines = [
    `  ${title}: ${warranted} of ${conversations.length} conversations warrant a person`,
    `    held back (seed ${SEED}): ${report.counts.heldBack} conversations, ${report.counts.heldBackWarranted} warranted; searched on ${report.counts.train}`,
    line('default policy', held.given),
    line('calibrated for F1', held.recommended),
    `    ${'escalate everything'.padEnd(30)} F1 ${escalateEverythingF1(held.given).toFixed(3)}`,
    `    thresholds (F1): ${thresholds(report)}` +
      (report.rejected
        ? ` (the search found ${report.rejected.changes.join(', ')}; the cross-check rejected it)`
        : ''),
  ];
  if (withBudget) {
    const budget = Math.round(escalationShareOf(report.train.given) * 1000) / 1000;
    const budgeted = await calibrate(source(conversations), policy, {
      objective: { kind: 'budget', share: budget },
      seed: SEED,
      holdout: HOLDOUT,
    });
    lines.push(
      line(`calibrated, budget ${(budget * 100).toFixed(1)}%`, budgeted.heldBack.recommended),
      `    thresholds (budget = the default's training volume): ${thresholds(budgeted)}`,
    );
  }
  lines.push(acrossSeeds(policy, conversations));
  const gain = f1Of(held.recommended) - f1Of(held.given);
  const floor = escalateEverythingF1(held.given);
  lines.push(
    `    verdict: calibrated F1 ${gain > 0 ? 'beats' : 'does not beat'} the default on the held-back split (${gain >= 0 ? '+' : ''}${gain.toFixed(3)})` +
      (f1Of(held.recommended) - floor < 0.02
        ? `, but stays within 0.02 of escalating everything (${floor.toFixed(3)})`
        : '') +
      (report.modelMismatches > 0
        ? `; ${report.modelMismatches} held-back conversations where the search's model and the replay disagree`
        : ''),
  );
  return lines;
}

/** Prints default against calibrated F1 on USS, for both readings of "rated 2 or less". */
export default async function evaluate(dataDir: string): Promise<string> {
  const validated = validatePolicy(defaultPolicy);
  if (!validated.ok) throw new Error('the default policy does not validate');
  const load = (label: UssLabel): UssConversation[] =>
    FILES.flatMap((name) =>
      parseUss(readFileSync(join(dataDir, 'uss-satisfaction', `${name}.txt`), 'utf8'), name, label),
    );
  const lines = [
    `Calibration: default policy against \`baton calibrate\` (F1 objective), USS ${FILES.join(' + ')} dialogues as conversations, ` +
      `USER → customer, SYSTEM → agent; seed ${SEED}, ${HOLDOUT * 100}% held back, both policies replayed on the held-back split`,
    ...(await section(
      validated.policy,
      load('majority'),
      'label: most raters rated a user turn (or the dialogue) 2 or less',
      true,
    )),
    ...(await section(
      validated.policy,
      load('mean'),
      'label: a user turn (or the dialogue) rated 2 or less on average (stricter)',
      false,
    )),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = resolve(
    process.env.BATON_EVAL_DATA ?? resolve(import.meta.dirname, '../../../shared/data'),
  );
  console.log(await evaluate(dataDir));
}
