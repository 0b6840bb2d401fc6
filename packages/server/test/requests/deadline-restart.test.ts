/**
 * A deadline is stored, not a timer in memory: a request whose deadline passes while no service
 * runs is applied by the first housekeeping round of the next service over the same database.
 */
import { expect, it } from 'vitest';
import { runHousekeeping, HOUSEKEEPING_DEFAULTS } from '../../src/service/housekeeping.ts';
import { describeBackends } from '../storage/backends.ts';
import { makeService, principal, testClock, uniqueId } from '../service/harness.ts';

describeBackends('request deadlines across a restart', (use) => {
  it('applies a deadline that passed while the service was down', async () => {
    const first = await makeService(use());
    const agent = await principal(first.service, 'agent');
    const conversationId = uniqueId('conv');
    await first.service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'refund please' },
    });
    const { request } = await first.service.createRequest(agent, conversationId, {
      kind: 'approval',
      actions: [{ toolName: 'refund', args: { amount: 20 } }],
      timeoutSeconds: 300,
      onDeadline: { action: 'default', answer: { decision: 'approve', note: 'small amount' } },
    });
    const untouched = await first.service.createRequest(agent, conversationId, {
      kind: 'consult',
      question: 'Is the warehouse open on Sunday?',
      timeoutSeconds: 3_600,
    });
    await first.service.close();

    // The next instance starts ten minutes later, on the same database.
    const clock = testClock();
    clock.advance(10 * 60_000);
    const second = await makeService(use(), { now: clock.now });
    const result = await runHousekeeping(second.service, {
      ...HOUSEKEEPING_DEFAULTS,
      handoffMaxWaitMs: null,
    });
    expect(result.timedOutRequests).toBe(1);
    const read = await second.service.getRequest(agent, request.id);
    expect(read).toMatchObject({
      status: 'timed_out',
      timedOut: true,
      deadlineOutcome: 'default',
      answer: { decision: 'approve', note: 'small amount' },
      endedAt: clock.now().toISOString(),
    });
    expect(await second.service.getRequest(agent, untouched.request.id)).toMatchObject({ status: 'open' });
    const events = await second.service.events({ conversationId });
    expect(
      events.filter((event) => event.type === 'request-timed-out').map((event) => event.data['requestId']),
    ).toEqual([request.id]);
    await second.service.close();
  });
});
