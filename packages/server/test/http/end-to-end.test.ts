/**
 * One whole handoff over a real socket, through the composition root (`startServer`, as `baton
 * serve` runs it), on the real PostgreSQL and on PGlite in a data folder: agent turns → a customer asks for a person → queued →
 * two operators claim at once (one wins) → operator reply → a customer turn reaches the operator
 * (event stream) while the agent is told not to reply → return with a note → the agent's next answer
 * carries the note → a new trigger fires later → resolve with an outcome.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView, CreatedKey, Handoff, HandoffList, Problem, TurnResult } from '@baton/sdk';
import { readConfig, startServer, type RunningServer } from '../../src/main.ts';
import type { BatonEvent } from '../../src/service/types.ts';
import { freshPostgresDatabase, readSse } from './helpers.ts';

let running: RunningServer;
const keys = { admin: '', agent: '', ada: '', grace: '' };

async function api<Body = Problem>(
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Body };
}

/** Reads the operator's event stream in the background, collecting every event. */
function watchEvents(key: string) {
  const controller = new AbortController();
  const events: BatonEvent[] = [];
  const waiters: { match: (event: BatonEvent) => boolean; resolve: (event: BatonEvent) => void }[] = [];
  const done = (async () => {
    const response = await fetch(`${running.url}/v1/events?from=oldest`, {
      headers: { authorization: `Bearer ${key}` },
      signal: controller.signal,
    });
    try {
      for await (const message of readSse(response.body!)) {
        const event = JSON.parse(message.data) as BatonEvent;
        events.push(event);
        for (const waiter of waiters.splice(0)) {
          if (waiter.match(event)) waiter.resolve(event);
          else waiters.push(waiter);
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  })();
  return {
    events,
    done,
    /** Resolves with the first event (already seen or still to come) that matches. */
    next(match: (event: BatonEvent) => boolean): Promise<BatonEvent> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    stop: () => controller.abort(),
  };
}

describe.each(['postgres', 'pglite'] as const)('a whole handoff over HTTP on %s', (backend) => {
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const environment = { PORT: '0', BATON_QUEUES: 'general,billing' };
    if (backend === 'postgres') {
      const postgres = await freshPostgresDatabase('baton_e2e');
      cleanup = postgres.drop;
      running = await startServer(readConfig({ ...environment, DATABASE_URL: postgres.url }));
    } else {
      // The embedded default, in a data folder on disk, as `npm start` runs it.
      const dataDir = await mkdtemp(join(tmpdir(), 'baton-e2e-'));
      cleanup = () => rm(dataDir, { recursive: true, force: true });
      running = await startServer(readConfig({ ...environment, BATON_DATA_DIR: dataDir }));
    }
    keys.admin = (await running.service.createKey({ scope: 'admin', name: 'root' })).key;
  });
  afterAll(async () => {
    await running?.close();
    await cleanup?.();
  });

  it('goes from the agent to a person and back, in one thread', async () => {
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    for (const [name, scope, holder] of [
      ['agent', 'agent', 'support bot'],
      ['ada', 'operator', 'Ada'],
      ['grace', 'operator', 'Grace'],
    ] as const) {
      const created = await api<CreatedKey>('POST', '/v1/keys', keys.admin, { scope, name: holder });
      expect(created.status).toBe(201);
      keys[name] = created.body.key;
    }
    const stream = watchEvents(keys.ada);
    for (const key of [keys.ada, keys.grace]) {
      expect((await api('POST', '/v1/presence', key, { status: 'online' })).status).toBe(204);
    }

    const conversation = '/v1/conversations/e2e-1';
    const first = await api<TurnResult>('POST', `${conversation}/turns`, keys.agent, {
      role: 'customer',
      text: "Hi, my order 4411 hasn't arrived yet.",
      customer: { name: 'Lin Park', email: 'lin@example.com' },
    });
    expect(first.status).toBe(201);
    expect(first.body.decision.action).toBe('continue');
    await api('POST', `${conversation}/turns`, keys.agent, {
      role: 'agent',
      text: 'Sorry to hear that. It left our warehouse on Monday.',
      confidence: 0.9,
    });

    // The customer asks for a person: the engine hands off, the handoff is queued.
    const ask = await api<TurnResult>('POST', `${conversation}/turns`, keys.agent, {
      role: 'customer',
      text: 'I want to talk to a real person please.',
    });
    expect(ask.status).toBe(201);
    expect(ask.body.decision).toMatchObject({ action: 'handoff', trigger: 'customer-asks-for-person' });
    expect(ask.body.handoff).toMatchObject({ status: 'queued', queue: 'general', signal: 'human_request' });
    expect(ask.body.customerMessage).toEqual(expect.any(String));
    const handoffId = ask.body.handoff!.id;
    await stream.next((event) => event.type === 'handoff-requested' && event.handoffId === handoffId);

    const queue = await api<HandoffList>('GET', '/v1/handoffs?status=queued', keys.ada);
    expect(queue.body.handoffs.map((handoff) => handoff.id)).toContain(handoffId);

    // Two operators claim at once: exactly one wins.
    const claims = await Promise.all([
      api<Handoff | Problem>('POST', `/v1/handoffs/${handoffId}/claim`, keys.ada),
      api<Handoff | Problem>('POST', `/v1/handoffs/${handoffId}/claim`, keys.grace),
    ]);
    expect(claims.map((claim) => claim.status).sort()).toEqual([200, 409]);
    expect((claims.find((claim) => claim.status === 409)!.body as Problem).code).toBe('already_claimed');
    const winner = claims[0]!.status === 200 ? keys.ada : keys.grace;
    const winnerName = claims[0]!.status === 200 ? 'Ada' : 'Grace';

    const reply = await api('POST', `/v1/handoffs/${handoffId}/messages`, winner, {
      text: `Hi Lin, I'm ${winnerName}. I can see order 4411; let me check with the courier.`,
    });
    expect(reply.status).toBe(201);

    // The customer's next turn goes to the operator; the agent is told to stay quiet.
    const during = await api<TurnResult>('POST', `${conversation}/turns`, keys.agent, {
      role: 'customer',
      text: 'Thanks, it was a blue box.',
    });
    expect(during.body).toMatchObject({ agentShouldReply: false, conversation: { owner: winnerName } });
    const reached = await stream.next(
      (event) =>
        event.type === 'turn-created' && (event.data['turn'] as { id: string }).id === during.body.turn.id,
    );
    expect(reached).toMatchObject({ conversationId: 'e2e-1', handoffId, data: { agentShouldReply: false } });

    // Return with a note: the agent's next answer carries it, and the agent replies again.
    const note = 'Courier confirmed delivery tomorrow before noon; apologise for the delay.';
    const returned = await api<Handoff>('POST', `/v1/handoffs/${handoffId}/return`, winner, { note });
    expect(returned.body.status).toBe('returned');
    const resumed = await api<TurnResult>('POST', `${conversation}/turns`, keys.agent, {
      role: 'customer',
      text: 'Okay, so when will it come?',
    });
    expect(resumed.body).toMatchObject({
      agentShouldReply: true,
      returnNote: note,
      conversation: { owner: 'agent' },
    });
    const once = await api<TurnResult>('POST', `${conversation}/turns`, keys.agent, {
      role: 'agent',
      text: 'Tomorrow morning.',
    });
    expect(once.body.returnNote).toBeNull();

    // The engine's state continues: a new request for a person fires again; this time it is resolved.
    const again = await api<TurnResult>('POST', `${conversation}/turns`, keys.agent, {
      role: 'customer',
      text: 'Actually, can I speak to a human agent again?',
    });
    expect(again.body.decision.action).toBe('handoff');
    const secondId = again.body.handoff!.id;
    expect(secondId).not.toBe(handoffId);
    expect((await api('POST', `/v1/handoffs/${secondId}/claim`, keys.grace)).status).toBe(200);
    const outcome = {
      resolved: true,
      warranted: true,
      rightReason: true,
      customerRepeated: false,
      notes: 'Reassured.',
    };
    const resolved = await api<Handoff>('POST', `/v1/handoffs/${secondId}/resolve`, keys.grace, outcome);
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome });
    await stream.next((event) => event.type === 'handoff-resolved' && event.handoffId === secondId);

    const thread = await api<ConversationView>('GET', conversation, keys.ada);
    expect(thread.body.turns.map((turn) => turn.role)).toEqual([
      'customer',
      'agent',
      'customer',
      'operator',
      'customer',
      'customer',
      'agent',
      'customer',
    ]);
    expect(thread.body.handoffs.map((handoff) => handoff.status)).toEqual(['returned', 'resolved']);

    // The stream's ids only grow, with no repeat.
    const ids = stream.events.map((event) => BigInt(event.id));
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
    stream.stop();
    await stream.done;
  });

  it('shuts down gracefully: open event streams end, the port closes, the database is released', async () => {
    const stream = watchEvents(keys.ada);
    await stream.next(() => true);
    const started = Date.now();
    await running.close();
    await stream.done;
    // Not the 5 s grace period: the stream ended at once and idle sockets were closed.
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    expect(await running.service.ready()).toBe(false);
  });
});
