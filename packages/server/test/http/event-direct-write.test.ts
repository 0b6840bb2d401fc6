/**
 * The live path of an event stream: while its client keeps up, the hub's push writes to it directly
 * (one write per read, in the hub's own pass); a client that falls behind gets its events queued
 * and written after each drain, and past the bound is closed as a slow consumer, its last complete
 * message being where it resumes, while the other streams keep getting every event.
 */
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nodeSink, pumpEvents, type EventSink } from '../../src/http/event-stream.ts';
import type { EventPosition } from '../../src/service/event-position.ts';
import type { EventHub, HubListener } from '../../src/service/event-hub.ts';
import { EventSubscription, type SubscriptionFilter } from '../../src/service/event-subscription.ts';
import type { PositionedEvent } from '../../src/service/events.ts';
import type { BatonEvent } from '../../src/service/types.ts';
import type { Database } from '../../src/storage/database.ts';

/** A hub in memory: pushes what the test gives it, in order. */
class MemoryHub {
  readonly listeners = new Set<HubListener>();
  head: EventPosition = { tx: '100', id: '5' };
  async attach(listener: HubListener) {
    this.listeners.add(listener);
    return { head: this.head, detach: () => this.listeners.delete(listener) };
  }
  push(events: PositionedEvent[]): void {
    this.head = events.at(-1)!.position;
    for (const listener of [...this.listeners]) listener.push(events);
  }
}

function positioned(id: number, conversationId = 'c1', padding = 0): PositionedEvent {
  const event = {
    id: String(id),
    type: 'note-created',
    conversationId,
    handoffId: null,
    queue: 'general',
    at: '2026-12-03T12:00:00.000Z',
    data: padding > 0 ? { text: 'x'.repeat(padding) } : {},
  } as unknown as BatonEvent;
  return { position: { tx: '100', id: String(id) }, event };
}

/** A client: records every chunk written; while `behind`, refuses direct writes and holds `write` until `drain()`. */
function client() {
  const closed = new AbortController();
  const chunks: string[] = [];
  let release: (() => void) | null = null;
  const state = {
    behind: false,
    ended: false,
    chunks,
    /** The ids of the events received, in order. */
    ids: () => [...chunks.join('').matchAll(/^id: (\d+)\ndata: /gm)].map((match) => match[1]),
    /** Writes that carried events. */
    eventWrites: () => chunks.filter((chunk) => chunk.includes('data: ')).length,
    drain() {
      state.behind = false;
      release?.();
      release = null;
    },
  };
  const sink: EventSink = {
    closed: closed.signal,
    writeNow(chunk) {
      if (state.behind) return false;
      chunks.push(Buffer.from(chunk).toString());
      return true;
    },
    // Like a socket: the bytes are taken, and the promise waits for the drain when behind.
    write(chunk) {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return state.behind ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
    },
    end() {
      state.ended = true;
    },
  };
  return { sink, state };
}

const noDatabase = new Proxy({} as Database, {
  get() {
    throw new Error('a live stream should not read the database');
  },
});
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function openStream(hub: MemoryHub, filter: SubscriptionFilter = {}, after?: EventPosition) {
  const { subscription } = await EventSubscription.open({
    database: noDatabase,
    hub: hub as unknown as EventHub,
    keyId: 'key',
    filter,
    after,
    maxBuffered: 5,
    batchSize: 500,
    onClose: () => undefined,
  });
  const { sink, state } = client();
  const pumping = pumpEvents(subscription, sink, {
    heartbeatMs: 60_000,
    logError: (error) => expect.fail(String(error)),
  });
  await settle();
  return { subscription, state, pumping };
}

describe('the live path of an event stream', () => {
  it('writes a burst read at once as one write per stream, each event once, in order, within the push', async () => {
    const hub = new MemoryHub();
    const all = await openStream(hub);
    const one = await openStream(hub, { conversationId: 'c1' });
    hub.push([positioned(6, 'c1'), positioned(7, 'c2'), positioned(8, 'c1')]);
    // Written in the hub's pass: no turn of the event loop in between.
    expect(all.state.ids()).toEqual(['6', '7', '8']);
    expect(one.state.ids()).toEqual(['6', '8']);
    expect(all.state.eventWrites()).toBe(1);
    expect(one.state.eventWrites()).toBe(1);
    hub.push([positioned(9, 'c2')]);
    hub.push([positioned(10, 'c1')]);
    await settle();
    expect(all.state.ids()).toEqual(['6', '7', '8', '9', '10']);
    expect(one.state.ids()).toEqual(['6', '8', '10']);
    for (const stream of [all, one]) {
      stream.subscription.close('shutdown');
      await stream.pumping;
      expect(stream.state.ended).toBe(true);
    }
  });

  it('skips what a client resuming ahead of this instance already has', async () => {
    const hub = new MemoryHub();
    const ahead = await openStream(hub, {}, { tx: '100', id: '7' });
    hub.push([positioned(6), positioned(7), positioned(8)]);
    hub.push([positioned(9)]);
    expect(ahead.state.ids()).toEqual(['8', '9']);
    ahead.subscription.close('shutdown');
    await ahead.pumping;
  });

  it('queues for a client that falls behind and writes directly again once it drained, losing and repeating nothing', async () => {
    const hub = new MemoryHub();
    const stream = await openStream(hub);
    hub.push([positioned(6)]);
    stream.state.behind = true;
    hub.push([positioned(7)]);
    await settle();
    hub.push([positioned(8)]);
    hub.push([positioned(9)]);
    await settle();
    // 7 went out through the writer, which now waits for the drain; 8 and 9 wait in the queue.
    expect(stream.state.ids()).toEqual(['6', '7']);
    expect(stream.subscription.buffered).toBe(2);
    stream.state.drain();
    await settle();
    expect(stream.state.ids()).toEqual(['6', '7', '8', '9']);
    const writes = stream.state.eventWrites();
    hub.push([positioned(10)]);
    expect(stream.state.ids()).toEqual(['6', '7', '8', '9', '10']);
    expect(stream.state.eventWrites()).toBe(writes + 1);
    stream.subscription.close('shutdown');
    await stream.pumping;
  });

  it('closes a client that stays behind as slow_consumer while the others keep getting every event', async () => {
    const hub = new MemoryHub();
    const fast = await openStream(hub);
    const slow = await openStream(hub);
    hub.push([positioned(6)]);
    slow.state.behind = true;
    for (let id = 7; id <= 20; id++) {
      hub.push([positioned(id)]);
      await settle();
    }
    expect(fast.state.ids()).toEqual(Array.from({ length: 15 }, (_, index) => String(6 + index)));
    expect(fast.subscription.reason).toBeNull();
    expect(slow.subscription.reason).toBe('slow_consumer');
    expect(slow.subscription.buffered).toBe(0);
    expect(hub.listeners.has(slow.subscription)).toBe(false);
    // Its last complete message is where it resumes; once the socket drains it is told why it ended.
    const received = slow.state.ids();
    expect(received).toEqual(['6', '7']);
    slow.state.drain();
    await slow.pumping;
    expect(slow.state.chunks.join('')).toMatch(/: closed slow_consumer\n\n$/);
    expect(slow.state.ended).toBe(true);
    fast.subscription.close('shutdown');
    await fast.pumping;
  });

  it('over real sockets: a client that stops reading is closed as slow_consumer, the reading one gets every event', async () => {
    const hub = new MemoryHub();
    const subscriptions: EventSubscription[] = [];
    const server = createServer((_request, response) => {
      void EventSubscription.open({
        database: noDatabase,
        hub: hub as unknown as EventHub,
        keyId: 'key',
        filter: {},
        after: undefined,
        maxBuffered: 5,
        batchSize: 500,
        onClose: () => undefined,
      }).then(({ subscription }) => {
        subscriptions.push(subscription);
        return pumpEvents(subscription, nodeSink(response), {
          heartbeatMs: 60_000,
          logError: () => undefined,
        });
      });
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const open = (reading: boolean) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!reading) socket.pause();
      });
      return { socket, text: () => text };
    };
    const fast = open(true);
    const slow = open(false);
    try {
      while (subscriptions.length < 2 || fast.text().length === 0 || slow.text().length === 0) await settle();
      const [first, second] = subscriptions as [EventSubscription, EventSubscription];
      let id = 5;
      // 64 KiB events until the kernel's buffers and the bound fill up for the client that stopped.
      while (first.reason === null && second.reason === null && id < 2_000) {
        hub.push([positioned(++id, 'c1', 65_536)]);
        await settle();
      }
      const slowSubscription = first.reason === 'slow_consumer' ? first : second;
      const fastSubscription = slowSubscription === first ? second : first;
      expect(slowSubscription.reason).toBe('slow_consumer');
      expect(fastSubscription.reason).toBeNull();
      hub.push([positioned(++id)]);
      const ids = () => [...fast.text().matchAll(/^id: (\d+)\ndata: /gm)].map((match) => Number(match[1]));
      while (ids().length < id - 5) await settle();
      expect(ids()).toEqual(Array.from({ length: id - 5 }, (_, index) => 6 + index));
    } finally {
      fast.socket.destroy();
      slow.socket.destroy();
      server.closeAllConnections();
      server.close();
    }
  });
});
