import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicy, defaultPolicy } from '@baton/engine';
import { PolicyComparison } from '../../src/backtest/compare.ts';
import { renderComparisonHtml } from '../../src/backtest/compare-html.ts';
import type { ReplayResult } from '../../src/replay/replay.ts';
import { batonCli } from './cli.ts';
import { exchange, folderWith, jsonLines } from './synthetic.ts';

const compiled = compilePolicy(defaultPolicy);

function result(
  id: string,
  first: { turn: number; trigger: string; action?: string } | null,
  firings: [number, string, boolean, string?][] = [],
): ReplayResult {
  return {
    id,
    decisions: firings.map(([turn, trigger, shadow, action]) => ({
      turn,
      action: 'continue',
      firings: [{ trigger, signal: 'frustration', shadow, action: action ?? 'handoff', evidence: [] }],
    })),
    firstEscalation: first
      ? { turn: first.turn, action: first.action ?? 'handoff', trigger: first.trigger }
      : null,
  };
}

function conversation(id: string, shouldEscalate?: boolean) {
  return {
    id,
    turns: [{ role: 'customer' as const, text: 'hello' }],
    ...(shouldEscalate === undefined ? {} : { outcome: { shouldEscalate } }),
  };
}

describe('PolicyComparison on hand-built replay results', () => {
  it('counts volume, flips (right and wrong way), timing and shadow impact exactly', () => {
    const comparison = new PolicyComparison(
      { policy: compiled, source: 'a.yaml' },
      { policy: compiled, source: 'b.yaml' },
    );
    // c1: both escalate, B two turns earlier.
    comparison.add(
      conversation('c1', true),
      result('c1', { turn: 4, trigger: 'x' }, [[4, 'x', false]]),
      result('c1', { turn: 2, trigger: 'y' }, [[2, 'y', false]]),
    );
    // c2: A only, warranted: B got it wrong.
    comparison.add(
      conversation('c2', true),
      result('c2', { turn: 1, trigger: 'x' }, [[1, 'x', false]]),
      result('c2', null),
    );
    // c3: B only, not warranted: wrong way again; a shadow trigger under A would have added it.
    comparison.add(
      conversation('c3', false),
      result('c3', null, [[3, 'vip', true]]),
      result('c3', { turn: 5, trigger: 'y' }, [[5, 'y', false]]),
    );
    // c4: B only, warranted: the right way. A's shadow trigger fired twice where A never escalated.
    comparison.add(
      conversation('c4', true),
      result('c4', null, [
        [0, 'vip', true],
        [2, 'vip', true],
      ]),
      result('c4', { turn: 3, trigger: 'y' }, [[3, 'y', false]]),
    );
    // c5: both escalate at turn 6; unlabelled; A's shadow trigger fired at turn 2, four turns earlier.
    comparison.add(
      conversation('c5'),
      result('c5', { turn: 6, trigger: 'x' }, [
        [2, 'vip', true],
        [6, 'x', false],
      ]),
      result('c5', { turn: 6, trigger: 'x' }, [[6, 'x', false]]),
    );
    const report = comparison.report();
    expect(report.conversations).toBe(5);
    expect(report.labelled).toBe(4);
    expect(report.warranted).toBe(3);
    expect(report.a.escalated).toBe(3);
    expect(report.b.escalated).toBe(4);
    expect(report.volumeChange).toEqual({ conversations: 1, share: 0.2, relative: 1 / 3 });
    expect(report.flips).toMatchObject({
      toEscalated: 2,
      toContinue: 1,
      improved: 1,
      worsened: 2,
      earlierUnderB: 1,
      laterUnderB: 0,
      truncated: false,
    });
    expect(report.flips.listed).toEqual([
      { id: 'c2', escalatedUnder: 'a', turn: 1, trigger: 'x', action: 'handoff', shouldEscalate: true },
      { id: 'c3', escalatedUnder: 'b', turn: 5, trigger: 'y', action: 'handoff', shouldEscalate: false },
      { id: 'c4', escalatedUnder: 'b', turn: 3, trigger: 'y', action: 'handoff', shouldEscalate: true },
    ]);
    // A: TP c1 c2, FP none labelled... c5 unlabelled; FN c4; TN c3.
    expect(report.a.confusion).toEqual({
      truePositives: 2,
      falsePositives: 0,
      falseNegatives: 1,
      trueNegatives: 1,
    });
    expect(report.b.confusion).toEqual({
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 0,
    });
    const shadow = report.a.shadow.find((impact) => impact.trigger === 'vip');
    expect(shadow).toEqual({
      trigger: 'vip',
      action: 'handoff',
      firings: 4,
      conversations: 3,
      added: { conversations: 2, warranted: 1, unlabelled: 0 },
      earlier: { conversations: 1, turns: 4 },
    });
    const x = report.a.triggers.find((metrics) => metrics.trigger === 'x' && !metrics.shadow);
    expect(x).toMatchObject({ firings: 3, conversations: 2, warranted: 2, precision: 1, recall: 2 / 3 });
  });

  it('holds at most the first maxFlips flips, and still counts them all', () => {
    const comparison = new PolicyComparison(
      { policy: compiled, source: 'a' },
      { policy: compiled, source: 'b' },
      2,
    );
    for (let index = 0; index < 5; index++) {
      comparison.add(
        conversation(`f${index}`),
        result(`f${index}`, null),
        result(`f${index}`, { turn: 0, trigger: 'y' }),
      );
    }
    const report = comparison.report();
    expect(report.flips.toEscalated).toBe(5);
    expect(report.flips.listed.map((flip) => flip.id)).toEqual(['f0', 'f1']);
    expect(report.flips.truncated).toBe(true);
  });

  it('renders a self-contained HTML page: inline SVG, no script, no URL', () => {
    const comparison = new PolicyComparison(
      { policy: compiled, source: 'a.yaml' },
      { policy: compiled, source: '<b>.yaml' },
    );
    comparison.add(
      conversation('c<1>', true),
      result('c<1>', null),
      result('c<1>', { turn: 2, trigger: 'y' }, [[2, 'y', false]]),
    );
    const html = renderComparisonHtml(comparison.report());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain('c&#60;1&#62;');
    expect(html).not.toContain('<b>.yaml');
  });
});

const POLICY_B = `version: only-requests
triggers:
  - id: customer-asks-for-person
    when: { signal: human_request, gte: 0.5 }
    action: handoff
  - id: shadow-frustration
    when: { signal: frustration, gte: 0.5 }
    action: handoff
    mode: shadow
`;

describe('baton replay --compare', () => {
  const conversations = [
    // Both policies hand off: the customer asks for a person.
    {
      id: 'asks',
      turns: exchange(
        () => ({}),
        (index) =>
          index === 1
            ? 'Can I talk to a human please?'
            : 'Hi, I would like to change the delivery address for my parcel.',
      ),
      outcome: { shouldEscalate: true },
    },
    // Only the default escalates: the agent is unsure twice in a row (low-confidence offer).
    {
      id: 'unsure',
      turns: exchange((index) => ({ confidence: index < 2 ? 0.2 : 0.9 })),
      outcome: { shouldEscalate: false },
    },
    // Only the default escalates: strong frustration; B's shadow trigger would have.
    {
      id: 'angry',
      turns: exchange(
        () => ({ confidence: 0.9 }),
        (index) =>
          index === 2
            ? 'This is useless!!! I have asked THREE TIMES already, what a waste of time'
            : 'Where is my parcel?',
      ),
      outcome: { shouldEscalate: true },
    },
    // Neither escalates.
    { id: 'calm', turns: exchange(() => ({ confidence: 0.9 })), outcome: { shouldEscalate: false } },
    { id: 'calm-missed', turns: exchange(() => ({ confidence: 0.9 })), outcome: { shouldEscalate: true } },
  ];

  it('reports volume change, flips with trigger and turn, and shadow impact as JSON', async () => {
    const folder = await folderWith({ 'conversations.jsonl': jsonLines(conversations), 'b.yaml': POLICY_B });
    const { stdout, stderr, code } = await batonCli([
      'replay',
      join(folder, 'conversations.jsonl'),
      '--compare',
      join(folder, 'b.yaml'),
      '--format',
      'json',
    ]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.conversations).toBe(5);
    expect(report.a.escalated).toBe(3);
    expect(report.b.escalated).toBe(1);
    expect(report.volumeChange.conversations).toBe(-2);
    expect(report.flips.toContinue).toBe(2);
    expect(report.flips.toEscalated).toBe(0);
    const flips = Object.fromEntries(report.flips.listed.map((flip: { id: string }) => [flip.id, flip]));
    expect(Object.keys(flips).sort()).toEqual(['angry', 'unsure']);
    expect(flips.unsure).toMatchObject({
      escalatedUnder: 'a',
      trigger: 'low-confidence',
      turn: 3,
      action: 'offer',
    });
    expect(flips.angry).toMatchObject({ escalatedUnder: 'a', turn: 4 });
    expect(report.flips).toMatchObject({ improved: 1, worsened: 1 });
    const shadow = report.b.shadow.find(
      (impact: { trigger: string }) => impact.trigger === 'shadow-frustration',
    );
    expect(shadow.added).toEqual({ conversations: 1, warranted: 1, unlabelled: 0 });
    expect(stderr).toContain('escalated: A 3 (60.0%) → B 1 (20.0%), change -2');
  });

  it('writes the HTML report to --out', async () => {
    const folder = await folderWith({ 'conversations.jsonl': jsonLines(conversations), 'b.yaml': POLICY_B });
    const out = join(folder, 'report.html');
    const { code, stderr } = await batonCli([
      'replay',
      join(folder, 'conversations.jsonl'),
      '--compare',
      join(folder, 'b.yaml'),
      '--format',
      'html',
      '--out',
      out,
    ]);
    expect(code, stderr).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('only-requests');
    expect(html).toContain('unsure');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('refuses json or html without --compare', async () => {
    const folder = await folderWith({ 'conversations.jsonl': jsonLines(conversations) });
    const { code, stderr } = await batonCli([
      'replay',
      join(folder, 'conversations.jsonl'),
      '--format',
      'html',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('needs --compare');
  });
});
