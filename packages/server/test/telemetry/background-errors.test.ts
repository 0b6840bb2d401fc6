/**
 * Work the service does after answering (a brief's model summary, repeat counts) is reported when
 * it fails, instead of vanishing: the answer stands, and the failure reaches the logger.
 */
import { describe, expect, it } from 'vitest';
import { createService } from '../../src/service/create-service.ts';
import { openTestPglite } from '../storage/test-pglite.ts';

describe('failures after the answer', { timeout: 120_000 }, () => {
  it('reports a summarizer that fails, with what was being done, and still answers the turn', async () => {
    const database = await openTestPglite();
    let report!: (value: { error: unknown; work: string }) => void;
    const reported = new Promise<{ error: unknown; work: string }>((resolve) => (report = resolve));
    const service = await createService({
      database,
      summarizer: () => Promise.reject(new Error('model down')),
      logBackgroundError: (error, work) => report({ error, work }),
    });
    try {
      const { key } = await service.createKey({ scope: 'agent', name: 'bot' });
      const principal = (await service.authenticate(key))!;
      const result = await service.postTurn(principal, {
        conversationId: 'bg-1',
        turn: { role: 'customer', text: 'I want to talk to a real person please.' },
      });
      expect(result.decision.action).toBe('handoff');
      const { error, work } = await reported;
      expect(work).toBe('refining a brief');
      expect((error as Error).message).toBe('model down');
    } finally {
      await service.close();
      await database.close();
    }
  });
});
