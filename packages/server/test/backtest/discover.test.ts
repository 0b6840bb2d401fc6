import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicy, defaultPolicy } from '@baton/engine';
import { seededRandom } from '../../../engine/src/calibration/index.ts';
import { discover } from '../../src/backtest/discover.ts';
import { formatDiscovery } from '../../src/backtest/discovery-text.ts';
import type { ReplayConversation } from '../../src/replay/replay-format.ts';
import { batonCli } from './cli.ts';
import { CUSTOMER, exchange, folderWith, jsonLines, linesOf } from './synthetic.ts';

const PLANTED = 'Honestly the voucher code never arrived in my inbox.';

/** Misses say the planted sentence (and the agent's voucher tool fails) far more often than the rest. */
function plantedConversations(count: number): ReplayConversation[] {
  const random = seededRandom(12);
  return Array.from({ length: count }, (_, index) => {
    const warranted = index % 4 === 0;
    const plant = warranted ? random() < 0.75 : random() < 0.03;
    const toolFails = warranted ? random() < 0.5 : random() < 0.05;
    const turns = exchange(
      (turn) =>
        turn === 1 && toolFails
          ? { toolCalls: [{ name: 'send_voucher', ok: false, error: 'mailbox full' }] }
          : {},
      (turn) => (turn === 2 && plant ? PLANTED : CUSTOMER[(turn + index) % CUSTOMER.length]!),
    );
    return { id: `p-${index}`, turns, outcome: { shouldEscalate: warranted } };
  });
}

describe('discover', () => {
  it('ranks the planted phrase first, with its counts and an example, and finds the tool error', async () => {
    const report = await discover(
      linesOf(jsonLines(plantedConversations(400))),
      compilePolicy(defaultPolicy),
      {
        limit: 10,
        minCount: 3,
        examples: 2,
      },
    );
    expect(report.misses).toBe(100);
    expect(report.rest).toBe(300);
    const top = report.candidates[0]!;
    expect(top.kind).toBe('phrase');
    expect(top.role).toBe('customer');
    expect(PLANTED.toLowerCase()).toContain(top.text);
    expect(top.inTarget).toBeGreaterThan(60);
    expect(top.examples[0]?.quote).toBe(PLANTED);
    const tool = report.candidates.find((candidate) => candidate.kind === 'tool_error');
    expect(tool?.text).toBe('send_voucher: mailbox full');
    const text = formatDiscovery(report);
    expect(text).toContain('Misses: 100 conversations');
    expect(text).toContain('mode: shadow');
  });

  it('has nothing to say when every warranted conversation was escalated', async () => {
    const conversations = plantedConversations(40).map((conversation) => ({
      ...conversation,
      outcome: { shouldEscalate: false },
    }));
    const report = await discover(linesOf(jsonLines(conversations)), compilePolicy(defaultPolicy), {
      limit: 10,
      minCount: 3,
      examples: 1,
    });
    expect(report.misses).toBe(0);
    expect(formatDiscovery(report)).toContain('No misses');
  });
});

describe('baton discover', () => {
  it('prints the candidates as JSON', async () => {
    const folder = await folderWith({ 'conversations.jsonl': jsonLines(plantedConversations(200)) });
    const { stdout, code, stderr } = await batonCli([
      'discover',
      join(folder, 'conversations.jsonl'),
      '--format',
      'json',
      '--limit',
      '2',
    ]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.candidates).toHaveLength(2);
    expect(PLANTED.toLowerCase()).toContain(report.candidates[0].text);
  });
});
