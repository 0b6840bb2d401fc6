/**
 * The waiting brief is written after the turn commits, so two writes may arrive out of order: on
 * PGlite and PostgreSQL, a brief built from an older turn never replaces a newer one, and nothing
 * is written once the handoff was claimed.
 */
import { expect, it } from 'vitest';
import type { Brief } from '@baton/engine';
import { storeWaitingBrief } from '../../src/service/waiting-brief.ts';
import { describeBackends } from '../storage/backends.ts';
import { makeService, principal, uniqueId } from './harness.ts';

describeBackends('waiting brief writes', (use) => {
  it('keeps the newest brief, and leaves a claimed handoff alone', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const conversationId = uniqueId('conv');
    await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'Hello' } });
    const { handoff } = await service.requestHandoff(agent, { conversationId, reason: 'help' });
    const base = handoff.brief as Brief;
    const marked = (summary: string): Brief => ({ ...base, summary });
    const stored = async () =>
      (
        await use().query<{ summary: string; brief_seq: number | null }>(
          `SELECT brief->>'summary' AS summary, brief_seq FROM handoffs WHERE id = $1`,
          [handoff.id],
        )
      )[0]!;

    await storeWaitingBrief(use(), { handoffId: handoff.id, brief: marked('through turn 5'), seq: 5 });
    expect(await stored()).toEqual({ summary: 'through turn 5', brief_seq: 5 });
    // Late, from an older turn: ignored.
    await storeWaitingBrief(use(), { handoffId: handoff.id, brief: marked('through turn 3'), seq: 3 });
    expect(await stored()).toEqual({ summary: 'through turn 5', brief_seq: 5 });
    await storeWaitingBrief(use(), { handoffId: handoff.id, brief: marked('through turn 6'), seq: 6 });
    expect(await stored()).toEqual({ summary: 'through turn 6', brief_seq: 6 });
    // Claimed meanwhile: the operator reads the thread itself now.
    await service.claim(operator, handoff.id);
    await storeWaitingBrief(use(), { handoffId: handoff.id, brief: marked('through turn 9'), seq: 9 });
    expect(await stored()).toEqual({ summary: 'through turn 6', brief_seq: 6 });
  });
});
