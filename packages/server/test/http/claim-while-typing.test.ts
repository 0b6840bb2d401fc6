/**
 * Claims while the customer types, over real HTTP, on PGlite and on PostgreSQL (where the requests
 * really run at once, each on its own connection): several operators claim the handoffs of waiting
 * conversations while customers keep posting turns to the same conversations, then the winners
 * transfer and others claim the transferred handoffs under the same typing. Every claim answers 200
 * or 409, never anything else; each handoff has exactly one winner; every acknowledged turn is
 * stored once; and the waiting brief still takes in what the customer said.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Brief } from '@baton/engine';
import { createStack, listen, type Stack } from './helpers.ts';

const CONVERSATIONS = 4;
const TYPISTS = 3;
const CLAIMERS = 4;
const MAX_TURNS_PER_TYPIST = 40;

describe.each(['pglite', 'postgres'] as const)('claims while the customer types [%s]', (backend) => {
  let stack: Stack;
  let server: Awaited<ReturnType<typeof listen>>;
  const operators: string[] = [];
  beforeAll(async () => {
    stack = await createStack(backend);
    server = await listen(stack.app);
    for (let index = 0; index < CLAIMERS * 2; index++) {
      operators.push((await stack.service.createKey({ scope: 'operator', name: `op-${index}` })).key);
    }
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  async function post(path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Customers typing into every conversation until `stop()`; returns the acknowledged keys per conversation. */
  function startTyping(conversations: string[]) {
    let typing = true;
    const acknowledged = new Map<string, string[]>(conversations.map((id) => [id, []]));
    const failures: { status: number; body: unknown }[] = [];
    const typists = conversations.flatMap((conversationId) =>
      Array.from({ length: TYPISTS }, async (_, typist) => {
        // Bounded, with a breath between turns: enough to keep turns in flight during the claims.
        for (let index = 0; typing && index < MAX_TURNS_PER_TYPIST; index++) {
          const key = `${conversationId}-${typist}-${index}`;
          const answer = await post(
            `/v1/conversations/${conversationId}/turns`,
            stack.keys.agent,
            { role: 'customer', text: `Still waiting. My email is typist${typist}@example.com (${index})` },
            { 'idempotency-key': key },
          );
          if (answer.status === 200 || answer.status === 201) acknowledged.get(conversationId)!.push(key);
          else failures.push(answer);
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }),
    );
    return {
      acknowledged,
      failures,
      async stop() {
        typing = false;
        await Promise.all(typists);
      },
    };
  }

  /** Every operator in `keys` claims `handoffId` at once; returns the statuses and the winner's key. */
  async function claimRace(handoffId: string, keys: string[]) {
    const results = await Promise.all(keys.map((key) => post(`/v1/handoffs/${handoffId}/claim`, key)));
    const winners = keys.filter((_, index) => results[index]!.status === 200);
    return {
      statuses: results.map((result) => result.status),
      codes: results.map((r) => r.body['code']),
      winners,
    };
  }

  it('answers every claim 200 or 409 with one winner, for new and transferred handoffs', async () => {
    const conversations = Array.from({ length: CONVERSATIONS }, (_, index) => `typing-${backend}-${index}`);
    const handoffs: string[] = [];
    for (const conversationId of conversations) {
      await post(`/v1/conversations/${conversationId}/turns`, stack.keys.agent, {
        role: 'customer',
        text: 'My order 4471-983 never arrived.',
      });
      const requested = await post(`/v1/conversations/${conversationId}/handoff`, stack.keys.agent, {
        reason: 'lost parcel',
      });
      handoffs.push((requested.body['handoff'] as { id: string }).id);
    }

    const typing = startTyping(conversations);
    // Let the typing get going, so claims land among turns in flight.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const firstClaimers = operators.slice(0, CLAIMERS);
    const firstRaces = await Promise.all(handoffs.map((id) => claimRace(id, firstClaimers)));

    // The winners transfer; a second group claims the transferred handoffs while typing goes on.
    const transferred: string[] = [];
    for (const [index, race] of firstRaces.entries()) {
      const moved = await post(`/v1/handoffs/${handoffs[index]}/transfer`, race.winners[0]!, {
        queue: 'billing',
        note: 'billing question',
      });
      expect(moved.status).toBe(200);
      transferred.push(moved.body['id'] as string);
    }
    const secondRaces = await Promise.all(transferred.map((id) => claimRace(id, operators.slice(CLAIMERS))));
    await typing.stop();

    for (const race of [...firstRaces, ...secondRaces]) {
      expect(
        race.statuses.every((status) => status === 200 || status === 409),
        String(race.statuses),
      ).toBe(true);
      expect(race.winners).toHaveLength(1);
      expect(
        race.codes.filter((code) => code !== undefined).every((code) => code === 'already_claimed'),
      ).toBe(true);
    }
    // Turns: all acknowledged (the typing is no reason for a refusal) and each stored once.
    expect(typing.failures).toEqual([]);
    for (const conversationId of conversations) {
      const keys = typing.acknowledged.get(conversationId)!;
      expect(keys.length).toBeGreaterThan(0);
      const rows = await stack.database.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM turns WHERE conversation_id = $1 AND role = 'customer'`,
        [conversationId],
      );
      expect(rows[0]!.count).toBe(keys.length + 1);
    }
  }, 60_000);

  it('still takes what the customer says while waiting into the brief', async () => {
    const conversationId = `typing-brief-${backend}`;
    await post(`/v1/conversations/${conversationId}/turns`, stack.keys.agent, {
      role: 'customer',
      text: 'My order 4471-983 never arrived.',
    });
    const requested = await post(`/v1/conversations/${conversationId}/handoff`, stack.keys.agent, {
      reason: 'lost parcel',
    });
    const handoffId = (requested.body['handoff'] as { id: string }).id;
    const turn = await post(`/v1/conversations/${conversationId}/turns`, stack.keys.agent, {
      role: 'customer',
      text: 'You can reach me at sam.ortiz@example.com.',
    });
    // The answer carries the rebuilt brief, and so does the stored handoff.
    const answered = (turn.body['handoff'] as { brief: Brief }).brief;
    expect(answered.facts).toContainEqual(
      expect.objectContaining({ type: 'email', value: 'sam.ortiz@example.com' }),
    );
    const stored = await stack.database.query<{ brief: Brief; brief_seq: number }>(
      'SELECT brief, brief_seq FROM handoffs WHERE id = $1',
      [handoffId],
    );
    expect(stored[0]!.brief.facts).toContainEqual(
      expect.objectContaining({ type: 'email', value: 'sam.ortiz@example.com' }),
    );
    expect(stored[0]!.brief_seq).toBe(1);
  });
});
