import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { defaultPolicy, validatePolicy } from '@baton/engine';
import { f1Of } from '../../../engine/src/calibration/index.ts';
import { calibrate } from '../../src/backtest/calibrate.ts';
import { explainCalibration } from '../../src/backtest/calibration-explanation.ts';
import { loadPolicyFile, parsePolicyText } from '../../src/policy/load-policy.ts';
import { batonCli } from './cli.ts';
import { confidenceConversations, folderWith, jsonLines, linesOf } from './synthetic.ts';

const validated = validatePolicy(defaultPolicy);
if (!validated.ok) throw new Error('default policy invalid');
const policy = validated.policy;

describe('calibrate', () => {
  const text = jsonLines(confidenceConversations(700, 17));

  it('recommends a low-confidence threshold near the known 0.42 and beats the default on the held-back split', async () => {
    const report = await calibrate(linesOf(`${text}not json\n`), policy, {
      objective: { kind: 'f1' },
      seed: 42,
      holdout: 0.3,
    });
    expect(report.counts.skippedLines).toBe(1);
    expect(report.counts.train + report.counts.heldBack).toBe(700);
    expect(report.counts.heldBack).toBeGreaterThan(150);
    const knob = report.knobs.find((entry) => entry.knob === 'low_confidence_threshold');
    expect(knob?.from).toBe(0.5);
    expect(Math.abs(knob!.to - 0.42)).toBeLessThanOrEqual(0.015);
    expect(report.recommended.signals.low_confidence?.threshold).toBe(knob!.to);
    expect(report.modelMismatches).toBe(0);
    expect(f1Of(report.heldBack.recommended)).toBeGreaterThan(f1Of(report.heldBack.given));
    expect(f1Of(report.heldBack.recommended)).toBeGreaterThan(0.95);
    // The recommended policy is a valid policy file.
    const reparsed = parsePolicyText(stringify(report.recommended), 'recommended.yaml');
    expect(reparsed.ok).toBe(true);
    const explanation = explainCalibration(report);
    expect(explanation).toContain('low-confidence threshold (signals.low_confidence.threshold): 0.5 → ');
    expect(explanation).toContain('Verdict: the recommended policy beats the policy as given');
    // The cross-check agreed: out of sample, the search beats the values as given.
    expect(report.rejected).toBeNull();
    expect(f1Of(report.crossValidation.searched)).toBeGreaterThan(f1Of(report.crossValidation.given));
  });

  it('keeps to a handoff budget, and says when a target precision is out of reach', async () => {
    const budget = await calibrate(linesOf(text), policy, {
      objective: { kind: 'budget', share: 0.1 },
      seed: 42,
      holdout: 0.3,
    });
    const trained = budget.train.recommended;
    const total =
      trained.truePositives + trained.falsePositives + trained.falseNegatives + trained.trueNegatives;
    expect((trained.truePositives + trained.falsePositives) / total).toBeLessThanOrEqual(0.1);
    expect(budget.feasible).toBe(true);
    // Labels that no signal can see: nothing reaches precision 0.9.
    const noise = confidenceConversations(300, 4).map((conversation, index) => ({
      ...conversation,
      outcome: { shouldEscalate: index % 3 === 0 },
    }));
    const unreachable = await calibrate(linesOf(jsonLines(noise)), policy, {
      objective: { kind: 'precision', target: 0.9 },
      seed: 1,
      holdout: 0.3,
    });
    expect(unreachable.feasible).toBe(false);
    expect(explainCalibration(unreachable)).toContain('The target precision is out of reach');
  });
});

describe('baton calibrate', () => {
  it('prints its reasoning on stderr and writes a policy that loads', async () => {
    const folder = await folderWith({ 'conversations.jsonl': jsonLines(confidenceConversations(400, 23)) });
    const out = join(folder, 'recommended.yaml');
    const { code, stderr } = await batonCli([
      'calibrate',
      join(folder, 'conversations.jsonl'),
      '--seed',
      '7',
      '--out',
      out,
    ]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Held-back split');
    expect(stderr).toContain('Expected handoff volume');
    const loaded = await loadPolicyFile(out);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.policy.version).toBe('default-1-calibrated');
  });

  it('refuses a target precision and a budget together', async () => {
    const { code, stderr } = await batonCli([
      'calibrate',
      'examples/conversations.jsonl',
      '--budget',
      '0.1',
      '--target-precision',
      '0.9',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('not both');
  });
});

describe('baton calibrate without outcomes', () => {
  it('says there is nothing to calibrate on and exits 1', async () => {
    const folder = await folderWith({
      'plain.jsonl': '{"id":"a","turns":[{"role":"customer","text":"hi"}]}\n',
    });
    const { code, stderr, stdout } = await batonCli(['calibrate', join(folder, 'plain.jsonl')]);
    expect(code).toBe(1);
    expect(stderr).toContain('Nothing to calibrate on');
    expect(stdout).toBe('');
  });
});
