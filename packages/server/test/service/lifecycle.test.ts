/**
 * The service's contract on PGlite and on PostgreSQL: a whole handoff from first turn to outcome,
 * one thread while an operator owns it, the return note given once, object-level authorisation,
 * queue position and wait estimates, the nobody-online path, transfer, expiry and the turn limit.
 */
import { expect, it } from 'vitest';
import { describeBackends } from '../storage/backends.ts';
import { ASKS_FOR_PERSON, HANDOFF_TURN, expectCode, makeService, principal, uniqueId } from './harness.ts';

describeBackends('service lifecycle', (use, kind) => {
  it('runs a whole handoff: trigger, queue, claim, reply, one thread, return with note, resolve', async () => {
    const { service, clock } = await makeService(use());
    const agent = await principal(service, 'agent', 'support-bot');
    const operator = await principal(service, 'operator', 'Ana');
    await service.setPresence(operator, { status: 'online' });
    const conversationId = uniqueId('conv');

    const first = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'Hi, my parcel has not arrived yet.' },
      customer: { name: 'Sam', tier: 'gold' },
    });
    expect(first.turn.seq).toBe(0);
    expect(first.decision.action).toBe('continue');
    expect(first.agentShouldReply).toBe(true);
    expect(first.conversation).toMatchObject({
      status: 'active',
      owner: 'agent',
      customer: { name: 'Sam', tier: 'gold' },
    });
    await service.postTurn(agent, {
      conversationId,
      turn: { role: 'agent', text: 'Let me check the tracking for you.', confidence: 0.9 },
    });

    clock.advance(1_000);
    const escalated = await service.postTurn(agent, {
      conversationId,
      turn: HANDOFF_TURN,
    });
    expect(escalated.turn.seq).toBe(2);
    expect(escalated.decision.action).toBe('handoff');
    expect(escalated.decision.policyVersion).toBe('default-1');
    expect(escalated.handoff).toMatchObject({
      status: 'queued',
      queue: 'general',
      trigger: escalated.decision.trigger,
    });
    expect(escalated.conversation.status).toBe('waiting');
    expect(escalated.customerMessage).toMatch(/next in the queue/);
    const handoffId = escalated.handoff!.id;

    // While waiting, a customer turn keeps the one open handoff and tells the position again.
    const waiting = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'Are you there?' },
    });
    expect(waiting.handoff!.id).toBe(handoffId);
    expect(waiting.agentShouldReply).toBe(true);
    expect(waiting.customerMessage).toMatch(/queue/);

    const engineState = async () =>
      (
        await use().query<{ engine_state: unknown }>('SELECT engine_state FROM conversations WHERE id = $1', [
          conversationId,
        ])
      )[0]!.engine_state;
    const stateBeforeOperator = await engineState();

    clock.advance(30_000);
    const claimed = await service.claim(operator, handoffId);
    expect(claimed).toMatchObject({ status: 'claimed', claimedBy: 'Ana' });
    const reply = await service.reply(operator, handoffId, { text: "Hi Sam, I'm Ana. Let me look." });
    expect(reply).toMatchObject({ role: 'operator', author: 'Ana', seq: 4 });

    // The customer writes while Ana owns it: stored, streamed to her queue, the agent stays quiet.
    const cursor = (await service.events({ queue: 'general', limit: 1000 })).at(-1)?.id ?? '0';
    const quiet = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: ASKS_FOR_PERSON },
    });
    expect(quiet.agentShouldReply).toBe(false);
    expect(quiet.decision).toMatchObject({ action: 'continue', firings: [] });
    expect(quiet.handoff).toMatchObject({ id: handoffId, status: 'claimed' });
    expect(quiet.conversation).toMatchObject({ status: 'with_operator', owner: 'Ana' });
    const streamed = await service.events({ afterId: cursor, queue: 'general' });
    expect(streamed.map((event) => [event.type, event.conversationId])).toEqual([
      ['turn-created', conversationId],
    ]);
    expect(streamed[0]!.data).toMatchObject({
      turn: { id: quiet.turn.id, text: ASKS_FOR_PERSON },
      agentShouldReply: false,
    });

    await service.addNote(operator, handoffId, { text: 'Carrier lost it; reship approved.' });
    const returned = await service.returnToAgent(operator, handoffId, {
      note: 'Reship approved; give the new tracking number.',
    });
    expect(returned.status).toBe('returned');

    // The engine was not asked while Ana owned the conversation: its state waited untouched.
    expect(await engineState()).toEqual(stateBeforeOperator);
    const resumed = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'Thanks! What now?' },
    });
    expect(resumed.agentShouldReply).toBe(true);
    expect(resumed.returnNote).toBe('Reship approved; give the new tracking number.');
    expect(resumed.conversation).toMatchObject({ status: 'active', owner: 'agent' });
    expect(resumed.decision.policyVersion).toBe('default-1');
    expect(await engineState()).not.toEqual(stateBeforeOperator);
    const after = await service.postTurn(agent, {
      conversationId,
      turn: { role: 'agent', text: 'Your new parcel ships today.' },
    });
    expect(after.returnNote).toBeNull();

    // The engine's state continued: a new trigger can fire later and opens a second handoff.
    let again = await service.postTurn(agent, {
      conversationId,
      turn: HANDOFF_TURN,
    });
    for (let attempt = 0; again.decision.action !== 'handoff' && attempt < 6; attempt++) {
      again = await service.postTurn(agent, {
        conversationId,
        turn: HANDOFF_TURN,
      });
    }
    expect(again.decision.action).toBe('handoff');
    expect(again.handoff!.id).not.toBe(handoffId);

    await service.claim(operator, again.handoff!.id);
    const resolved = await service.resolve(operator, again.handoff!.id, {
      resolved: true,
      warranted: true,
      rightReason: true,
      customerRepeated: false,
      notes: 'Reshipped.',
    });
    expect(resolved).toMatchObject({ status: 'resolved', outcome: { resolved: true, warranted: true } });

    const view = await service.getConversation(agent, conversationId);
    expect(view.status).toBe('closed');
    expect(view.turns.map((turn) => turn.seq)).toEqual(view.turns.map((_, index) => index));
    expect(view.handoffs.map((handoff) => handoff.status)).toEqual(['returned', 'resolved']);
    // The agent key sees the return note, not the operator's internal note.
    expect(view.notes.map((note) => note.kind)).toEqual(['return']);
    const operatorView = await service.getConversation(operator, conversationId);
    expect(operatorView.notes.map((note) => note.kind)).toEqual(['internal', 'return']);

    const types = (await service.events({ conversationId, limit: 1000 })).map((event) => event.type);
    expect(types.filter((type) => type !== 'turn-created')).toEqual([
      'handoff-requested',
      'handoff-claimed',
      'note-created',
      'handoff-returned',
      'handoff-requested',
      'handoff-claimed',
      'handoff-resolved',
    ]);
    expect(types.filter((type) => type === 'turn-created')).toHaveLength(view.turns.length);
  });

  it('lets an agent key see only the conversations it created', async () => {
    const { service } = await makeService(use());
    const owner = await principal(service, 'agent');
    const stranger = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    const conversationId = uniqueId('conv');
    const result = await service.postTurn(owner, {
      conversationId,
      turn: HANDOFF_TURN,
    });
    const handoffId = result.handoff!.id;

    await expectCode(service.getConversation(stranger, conversationId), 'conversation_not_found');
    await expectCode(
      service.postTurn(stranger, { conversationId, turn: { role: 'customer', text: 'hello' } }),
      'conversation_not_found',
    );
    await expectCode(service.getHandoff(stranger, handoffId), 'handoff_not_found');
    await expectCode(
      service.requestHandoff(stranger, { conversationId, reason: 'x' }),
      'conversation_not_found',
    );
    await expectCode(
      service.leaveCallback(stranger, handoffId, { phone: '+1 555 0100' }),
      'handoff_not_found',
    );
    expect((await service.listHandoffs(stranger, {})).map((handoff) => handoff.id)).not.toContain(handoffId);
    expect((await service.listHandoffs(owner, {})).map((handoff) => handoff.id)).toEqual([handoffId]);
    expect((await service.getHandoff(operator, handoffId)).id).toBe(handoffId);
    // The stranger's refused turn stored nothing.
    expect((await service.getConversation(owner, conversationId)).turns).toHaveLength(1);
  });

  it('tells the customer nobody is online, and keeps the callback they leave on the handoff', async () => {
    const { service, clock } = await makeService(use(), { queues: ['nightshift'] });
    const agent = await principal(service, 'agent');
    // Past every presence the other tests set (they share this database).
    clock.advance(24 * 3_600_000);
    const conversationId = uniqueId('conv');
    const result = await service.postTurn(agent, {
      conversationId,
      turn: HANDOFF_TURN,
    });
    expect(result.handoff!.queue).toBe('nightshift');
    expect(result.customerMessage).toMatch(/Nobody from our team is available right now/);
    expect(result.customerMessage).toMatch(/callback/);

    await expectCode(service.leaveCallback(agent, result.handoff!.id, {}), 'invalid_request');
    await service.leaveCallback(agent, result.handoff!.id, { phone: '+44 20 7946 0000' });
    const handoff = await service.leaveCallback(agent, result.handoff!.id, { message: 'Call after 6pm.' });
    expect(handoff.callback).toEqual({ phone: '+44 20 7946 0000', message: 'Call after 6pm.' });
    expect((await service.getHandoff(agent, handoff.id)).callback).toEqual(handoff.callback);
  });

  it('gives the queue position and, after enough claims, the median recent wait', async () => {
    const queue = uniqueId('q');
    const { service, clock } = await makeService(use(), { queues: [queue] });
    const agent = await principal(service, 'agent');
    const operator = await principal(service, 'operator');
    await service.setPresence(operator, { status: 'online', queues: [queue] });

    const ask = (priority: 'normal' | 'urgent' = 'normal') =>
      service
        .postTurn(agent, { conversationId: uniqueId('conv'), turn: { role: 'customer', text: 'hello' } })
        .then((result) =>
          service.requestHandoff(agent, { conversationId: result.conversation.id, reason: 'test', priority }),
        );

    const a = await ask();
    expect(a.customerMessage).toMatch(/You are next in the queue; a person will join as soon as one is free/);
    clock.advance(1_000);
    const b = await ask();
    expect(b.customerMessage).toMatch(/number 2 in the queue/);
    clock.advance(1_000);
    const urgent = await ask('urgent');
    expect(urgent.customerMessage).toMatch(/next in the queue/);
    const order = (await service.listHandoffs(operator, { queue, status: 'queued' })).map(
      (handoff) => handoff.id,
    );
    expect(order).toEqual([urgent.handoff.id, a.handoff.id, b.handoff.id]);

    // Claims after 2, 3 and 4 minutes of waiting: the median is 3 minutes.
    for (const [advance, handoff] of [
      [120_000, urgent],
      [58_000, a],
      [61_000, b],
    ] as const) {
      clock.advance(advance);
      await service.claim(operator, handoff.handoff.id);
    }
    await service.setPresence(operator, { status: 'online', queues: [queue] });
    const next = await ask();
    expect(next.customerMessage).toMatch(
      /next in the queue; recently a person has joined in about 3 minutes/,
    );

    // Presence expires: an operator who stopped refreshing it no longer counts.
    clock.advance(10 * 60_000);
    const late = await ask();
    expect(late.customerMessage).toMatch(/Nobody from our team is available/);
  });

  it('transfers to another queue: the old handoff ends, a new one waits there with the note', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const ana = await principal(service, 'operator');
    const ben = await principal(service, 'operator');
    const conversationId = uniqueId('conv');
    const { handoff } = await service.postTurn(agent, {
      conversationId,
      turn: HANDOFF_TURN,
    });
    await service.claim(ana, handoff!.id);

    await expectCode(service.transfer(ben, handoff!.id, { queue: 'billing' }), 'not_owner');
    await expectCode(service.transfer(ana, handoff!.id, { queue: 'nowhere' }), 'invalid_request');
    const moved = await service.transfer(ana, handoff!.id, { queue: 'billing', note: 'Refund question.' });
    expect(moved).toMatchObject({
      status: 'queued',
      queue: 'billing',
      trigger: handoff!.trigger,
      claimedBy: null,
    });
    expect(await service.getHandoff(ana, handoff!.id)).toMatchObject({ status: 'transferred' });

    const view = await service.getConversation(ben, conversationId);
    expect(view).toMatchObject({ status: 'waiting', owner: 'agent' });
    expect(view.notes).toMatchObject([{ kind: 'transfer', text: 'Refund question.', handoffId: moved.id }]);
    const events = await service.events({ conversationId });
    expect(events.slice(-2).map((event) => [event.type, event.queue])).toEqual([
      ['handoff-transferred', 'general'],
      ['handoff-requested', 'billing'],
    ]);
    expect(events.at(-2)!.data).toMatchObject({
      toQueue: 'billing',
      toHandoffId: moved.id,
      note: 'Refund question.',
    });
    await service.claim(ben, moved.id);
    expect((await service.getConversation(ben, conversationId)).owner).toBe(ben.name);
  });

  it('lets the agent ask for a person itself, once per open handoff', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    await expectCode(
      service.requestHandoff(agent, { conversationId, reason: 'x' }),
      'conversation_not_found',
    );
    await service.postTurn(agent, {
      conversationId,
      turn: { role: 'customer', text: 'Where is my refund?' },
    });
    await expectCode(
      service.requestHandoff(agent, { conversationId, reason: 'x', queue: 'nowhere' }),
      'invalid_request',
    );
    const { handoff, customerMessage } = await service.requestHandoff(agent, {
      conversationId,
      reason: 'Refund outside my tools',
      priority: 'high',
      queue: 'billing',
    });
    expect(handoff).toMatchObject({
      trigger: 'agent_requested',
      signal: 'agent_requested',
      priority: 'high',
      queue: 'billing',
    });
    expect(customerMessage).toBeTruthy();
    const error = await expectCode(
      service.requestHandoff(agent, { conversationId, reason: 'again' }),
      'handoff_open',
    );
    expect(error.extensions).toMatchObject({ handoffId: handoff.id });
  });

  it('records that the customer left, and expires handoffs left waiting too long', async () => {
    const { service, clock } = await makeService(use());
    const agent = await principal(service, 'agent');
    const left = await service.postTurn(agent, {
      conversationId: uniqueId('conv'),
      turn: HANDOFF_TURN,
    });
    const abandoned = await service.abandon(agent, left.handoff!.id, { reason: 'closed the chat' });
    expect(abandoned.status).toBe('abandoned');
    expect((await service.getConversation(agent, left.conversation.id)).status).toBe('closed');

    const stale = await service.postTurn(agent, {
      conversationId: uniqueId('conv'),
      turn: HANDOFF_TURN,
    });
    clock.advance(3_600_000);
    const expired = await service.expireHandoffs({ maxWaitMs: 30 * 60_000 });
    expect(expired.map((handoff) => handoff.id)).toContain(stale.handoff!.id);
    expect(await service.getHandoff(agent, stale.handoff!.id)).toMatchObject({ status: 'expired' });
    expect((await service.getConversation(agent, stale.conversation.id)).status).toBe('active');
  });

  it('refuses turns past the per-conversation limit, and operator turns posted as agent turns', async () => {
    const { service } = await makeService(use(), { limits: { maxTurnsPerConversation: 3 } });
    const agent = await principal(service, 'agent');
    const conversationId = uniqueId('conv');
    for (let index = 0; index < 3; index++) {
      await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: `turn ${index}` } });
    }
    const error = await expectCode(
      service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'one more' } }),
      'too_many_turns',
    );
    expect(error.status).toBe(422);
    await expectCode(
      service.postTurn(agent, { conversationId: uniqueId('conv'), turn: { role: 'operator', text: 'hi' } }),
      'invalid_request',
    );
  });

  it('wakes a waiter when an event commits, never loses a wake-up between reads, and stops on abort', async () => {
    const { service } = await makeService(use());
    const agent = await principal(service, 'agent');
    const post = () =>
      service.postTurn(agent, {
        conversationId: uniqueId('conv'),
        turn: { role: 'customer', text: 'hello' },
      });
    // With nothing new, a wait waits, until its signal aborts. (Checked first: on PostgreSQL our own
    // NOTIFY echoes back later as a harmless extra wake-up.)
    const idle = new AbortController();
    const pending = service.waitForEvents(idle.signal);
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    idle.abort();
    await pending;
    // Armed before the write (as a stream arms it before its read): the commit wakes it.
    const controller = new AbortController();
    const woken = service.waitForEvents(controller.signal);
    await post();
    await woken;
    // A caller that reuses its signal: an event committed while it was reading, not waiting, makes
    // its next wait return at once.
    await post();
    await service.waitForEvents(controller.signal);
    await service.close();
  });

  // LISTEN/NOTIFY is PostgreSQL's: registered on that back end only (not reported as skipped on PGlite).
  if (kind === 'postgres')
    it('wakes waiters of another instance through LISTEN/NOTIFY', async () => {
      const writer = await makeService(use());
      const reader = await makeService(use());
      const agent = await principal(writer.service, 'agent');
      // Start the reader's LISTEN connection first, as a long-lived stream's would be.
      const warmUp = new AbortController();
      const started = reader.service.waitForEvents(warmUp.signal);
      warmUp.abort();
      await started;
      const controller = new AbortController();
      const woken = reader.service.waitForEvents(controller.signal);
      await writer.service.postTurn(agent, {
        conversationId: uniqueId('conv'),
        turn: { role: 'customer', text: 'hi' },
      });
      await woken;
      controller.abort();
      await Promise.all([writer.service.close(), reader.service.close()]);
    });

  it('stores keys hashed: a key authenticates, a wrong or revoked one does not', async () => {
    const { service } = await makeService(use());
    const { key, record } = await service.createKey({ scope: 'operator', name: 'Ana' });
    expect(key).toMatch(/^bk_[0-9a-f]{16}_[\w-]{43}$/);
    expect(await service.authenticate(key)).toEqual({ keyId: record.id, scope: 'operator', name: 'Ana' });
    expect(await service.authenticate(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await service.authenticate('bk_nope')).toBeNull();
    const stored = await use().query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [
      record.id,
    ]);
    expect(JSON.stringify(stored)).not.toContain(key.slice(20));
    expect((await service.revokeKey(record.id))?.revokedAt).toEqual(expect.any(String));
    expect(await service.authenticate(key)).toBeNull();
  });
});
