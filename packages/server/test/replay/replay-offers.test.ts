/** Replay reports Baton's offers and never reads the recorded next turn as an answer to one. */
import { compilePolicy, defaultPolicy } from '@baton/engine';
import { describe, expect, it } from 'vitest';
import { replayConversation } from '../../src/replay/replay.ts';
import type { ReplayConversation } from '../../src/replay/replay-format.ts';

const policy = compilePolicy(defaultPolicy);

const recorded = (id: string, reply: string): ReplayConversation => ({
  id,
  turns: [
    { role: 'customer', text: 'I want to cancel my booking for Friday' },
    { role: 'agent', text: 'I can do that. How many people was it for?' },
    { role: 'customer', text: reply },
    { role: 'agent', text: 'Done, it is cancelled.' },
  ],
});

describe('replay and offers', () => {
  it.each(['yes please', 'sure, for four people', 'ok', 'yes, connect me with someone'])(
    'reports the offer and carries on; the recorded reply "%s" does not answer it',
    (reply) => {
      const result = replayConversation(recorded(`offer-${reply}`, reply), policy);
      expect(result.firstEscalation).toEqual({ turn: 0, action: 'offer', trigger: 'sensitive-request' });
      const actions = result.decisions.map((decision) => [decision.turn, decision.action]);
      expect(actions.filter(([, action]) => action === 'handoff')).toEqual(
        // Only a request for a person in its own right hands off, as it would without an offer.
        reply.includes('someone') ? [[2, 'handoff']] : [],
      );
      const handoff = result.decisions.find((decision) => decision.action === 'handoff');
      if (handoff) expect(handoff.firings[0]!.trigger).toBe('customer-asks-for-person');
    },
  );
});
