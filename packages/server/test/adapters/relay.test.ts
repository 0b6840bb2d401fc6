/**
 * The adapters' relay on PostgreSQL: two instances share one cursor under a lease (each event's call
 * goes out once, in order), a failing call keeps the cursor where it is, and after the limit of
 * failed passes the event is skipped so the ones behind it go out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkConversation } from '../../src/adapters/links.ts';
import { Relay, type OutboundAdapter } from '../../src/adapters/relay.ts';
import { createService } from '../../src/service/create-service.ts';
import type { Principal, Service } from '../../src/service/types.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { freshPostgresDatabase } from '../http/helpers.ts';
import { startRecorder } from './harness.ts';

describe('adapter relay (postgres)', () => {
  let database: Database;
  let service: Service;
  let drop: () => Promise<void>;
  let platform: Awaited<ReturnType<typeof startRecorder>>;
  let agent: Principal;

  beforeAll(async () => {
    platform = await startRecorder();
    const postgres = await freshPostgresDatabase('baton_relay');
    drop = postgres.drop;
    database = await openDatabase({ databaseUrl: postgres.url });
    service = await createService({ database });
    agent = (await service.authenticate((await service.createKey({ scope: 'agent', name: 'bot' })).key))!;
  });
  afterAll(async () => {
    await service?.close();
    await database?.close();
    await drop?.();
    await platform?.close();
  });

  /** An adapter that posts each customer turn's text to the platform. */
  const echo = (name: string): OutboundAdapter => ({
    platform: name,
    eventTypes: ['turn-created'],
    render: (event) => {
      const turn = (event.data as { turn: { role: string; text: string } }).turn;
      return turn.role === 'customer' ? [{ url: `${platform.url}/${name}`, body: { text: turn.text } }] : [];
    },
  });
  const relayOf = (name: string, maxFailures = 8) =>
    new Relay({ database, adapter: echo(name), allowPrivate: true, maxFailures, logError: () => {} });

  async function customerTurns(conversationId: string, platformName: string, texts: string[]) {
    for (const [index, text] of texts.entries()) {
      await service.postTurn(agent, { conversationId, turn: { role: 'customer', text } });
      if (index === 0) {
        await linkConversation(database, {
          conversationId,
          platform: platformName,
          reference: {},
          at: new Date().toISOString(),
        });
      }
    }
  }

  it('two instances send each call once, in order', async () => {
    const [first, second] = [relayOf('shared'), relayOf('shared')];
    await first.init();
    await second.init();
    const texts = Array.from({ length: 12 }, (_, index) => `message ${index}`);
    await customerTurns('relay-1', 'shared', texts);
    for (let pass = 0; pass < 5; pass++) await Promise.all([first.runOnce(), second.runOnce()]);
    const sent = platform.calls.filter((call) => call.path === '/shared').map((call) => call.body['text']);
    expect(sent).toEqual(texts);
  });

  it('keeps the cursor on a failing call, then skips it after the limit', async () => {
    const relay = relayOf('flaky', 3);
    await relay.init();
    await customerTurns('relay-2', 'flaky', ['first', 'second']);
    platform.failTimes(3);
    expect(await relay.runOnce()).toMatchObject({ sent: 0, failed: true });
    expect(await relay.runOnce()).toMatchObject({ sent: 0, failed: true });
    // The third failure reaches the limit: "first" is skipped, "second" goes out.
    expect(await relay.runOnce()).toMatchObject({ sent: 2, failed: false });
    expect(platform.calls.filter((call) => call.path === '/flaky').map((call) => call.body['text'])).toEqual([
      'second',
    ]);
  });
});
