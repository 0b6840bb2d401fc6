/**
 * The outbound half of a platform adapter: tells the platform what happened to the conversations
 * linked to it (a person joined, the conversation came back, the handoff expired, an operator wrote),
 * by reading the event log after the adapter's own cursor.
 *
 * One instance at a time holds an adapter's cursor under a lease (`adapter_cursors`), so calls go out
 * in event order; the cursor moves only after the platform accepted the calls, so a crash or a
 * failed call means the event is sent again (at least once — the platforms' handover calls are
 * idempotent in effect). A call that keeps failing is retried with backoff and, after
 * `maxFailures` passes, logged and skipped, so one dead thread cannot stop the others forever.
 * Events are read below the commit watermark (`STABLE`), as every reader of the log does.
 */
import http from 'node:http';
import https from 'node:https';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { STABLE, type PositionedRow } from '../service/events.ts';
import { toEvent } from '../service/rows.ts';
import type { BatonEvent } from '../service/types.ts';
import type { Database } from '../storage/database.ts';
import { sendWebhook } from '../webhooks/send-webhook.ts';

/** What an adapter knows about the platform thread of one conversation (stored as JSON). */
export type PlatformReference = Record<string, unknown>;

/** One HTTP call to the platform. */
export interface PlatformCall {
  url: string;
  headers?: Record<string, string>;
  body: unknown;
}

/** The outbound side of one platform. */
export interface OutboundAdapter {
  platform: string;
  /** The event types it may turn into calls; others only move the cursor. */
  eventTypes: readonly string[];
  /** The calls that tell the platform about `event` (none: nothing to say). */
  render(event: BatonEvent, reference: PlatformReference): PlatformCall[];
}

export interface RelayOptions {
  database: Database;
  adapter: OutboundAdapter;
  now?: () => Date;
  /** Whether calls may reach private addresses (tests and private deployments). */
  allowPrivate?: boolean;
  timeoutMs?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  batchSize?: number;
  maxFailures?: number;
  waitForEvents?: (signal: AbortSignal) => Promise<void>;
  logError?: (error: unknown, context: Record<string, unknown>) => void;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': 'Baton-Adapters/1.0' };

type Settings = Required<Omit<RelayOptions, 'waitForEvents' | 'logError'>> &
  Pick<RelayOptions, 'waitForEvents'> & {
    logError: (error: unknown, context: Record<string, unknown>) => void;
  };

/** Where the cursor stands after a pass. */
interface PassResult {
  sent: number;
  /** More events wait right now. */
  more: boolean;
  /** A call failed: try again after the backoff. */
  failed: boolean;
}

export class Relay {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly #options: Settings;
  readonly #agents = {
    http: new http.Agent({ keepAlive: true, timeout: 5_000 }),
    https: new https.Agent({ keepAlive: true, timeout: 5_000 }),
  };
  readonly #stopping = new AbortController();
  #loop: Promise<void> | null = null;
  #kick: () => void = () => {};

  constructor(options: RelayOptions) {
    this.#options = {
      now: () => new Date(),
      allowPrivate: false,
      timeoutMs: 5_000,
      leaseMs: 30_000,
      pollIntervalMs: 2_000,
      batchSize: 50,
      maxFailures: 8,
      logError: (error, context) => console.error('baton: adapter relay error', context, error),
      ...options,
    } as Settings;
  }

  get platform(): string {
    return this.#options.adapter.platform;
  }

  /** Places the cursor at the end of the log the first time this adapter runs: no history is replayed. */
  async init(): Promise<void> {
    await this.#options.database.query(
      `INSERT INTO adapter_cursors (platform, cursor_tx, cursor_id)
       SELECT $1, COALESCE(max(tx), '0'::xid8), COALESCE(max(id), 0) FROM events WHERE ${STABLE}
       ON CONFLICT (platform) DO NOTHING`,
      [this.platform],
    );
  }

  /** One pass: lease the cursor, send what is new, move the cursor. */
  async runOnce(): Promise<PassResult> {
    const { database, adapter, batchSize } = this.#options;
    const now = this.#options.now();
    const leased = await database.query<{ cursor_tx: string; cursor_id: string; failures: number }>(
      `UPDATE adapter_cursors SET lease_owner = $2, leased_until = $3
       WHERE platform = $1 AND (leased_until IS NULL OR leased_until < $4 OR lease_owner = $2)
       RETURNING cursor_tx::text AS cursor_tx, cursor_id::text AS cursor_id, failures`,
      [
        this.platform,
        this.id,
        new Date(now.getTime() + this.#options.leaseMs).toISOString(),
        now.toISOString(),
      ],
    );
    const cursor = leased[0];
    if (!cursor) return { sent: 0, more: false, failed: false };
    let position = { tx: cursor.cursor_tx, id: cursor.cursor_id };
    let failures = cursor.failures;
    let sent = 0;
    let failed = false;
    try {
      // The head first, then the events up to it: an event that turns stable between the two
      // statements is read by the next pass, never skipped.
      const head = (
        await database.query<{ tx: string; id: string }>(
          `SELECT tx::text AS tx, id::text AS id FROM events WHERE ${STABLE} ORDER BY tx DESC, id DESC LIMIT 1`,
        )
      )[0];
      if (!head) return { sent: 0, more: false, failed: false };
      const rows = await database.query<PositionedRow & { reference: PlatformReference }>(
        `SELECT e.tx::text AS tx, e.id::text AS id, e.type, e.conversation_id, e.handoff_id, e.queue, e.at,
           e.data, l.reference
         FROM events e JOIN adapter_links l ON l.conversation_id = e.conversation_id AND l.platform = $1
         WHERE (e.tx, e.id) > ($2::xid8, $3::bigint) AND (e.tx, e.id) <= ($4::xid8, $5::bigint)
           AND e.type = ANY($6::text[])
         ORDER BY e.tx, e.id LIMIT $7`,
        [this.platform, position.tx, position.id, head.tx, head.id, adapter.eventTypes, batchSize],
      );
      for (const row of rows) {
        const event = toEvent(row);
        const ok = await this.#deliver(adapter.render(event, row.reference), event);
        if (!ok && failures + 1 < this.#options.maxFailures) {
          failures += 1;
          failed = true;
          break;
        }
        if (!ok) {
          this.#options.logError(new Error('the platform refused the call too many times; skipped'), {
            platform: this.platform,
            eventId: row.id,
            eventType: row.type,
          });
        }
        failures = 0;
        sent += 1;
        position = { tx: row.tx, id: String(row.id) };
      }
      const more = rows.length === batchSize;
      if (!failed && !more) position = { tx: head.tx, id: head.id };
      return { sent, more: more && !failed, failed };
    } finally {
      await database.query(
        `UPDATE adapter_cursors SET cursor_tx = $2::xid8, cursor_id = $3::bigint, failures = $4,
           lease_owner = NULL, leased_until = NULL
         WHERE platform = $1 AND lease_owner = $5`,
        [this.platform, position.tx, position.id, failures, this.id],
      );
    }
  }

  /** Sends the calls of one event in order; false when one failed. */
  async #deliver(calls: PlatformCall[], event: BatonEvent): Promise<boolean> {
    for (const call of calls) {
      const result = await sendWebhook({
        url: call.url,
        headers: { ...JSON_HEADERS, ...call.headers },
        body: Buffer.from(JSON.stringify(call.body)),
        timeoutMs: this.#options.timeoutMs,
        allowPrivate: this.#options.allowPrivate,
        signal: this.#stopping.signal,
        agents: this.#agents,
      });
      if (result.kind === 'response' && result.status >= 200 && result.status < 300) continue;
      this.#options.logError(new Error('platform call failed'), {
        platform: this.platform,
        eventId: event.id,
        eventType: event.type,
        url: call.url.replace(/access_token=[^&]+/, 'access_token=…'),
        ...(result.kind === 'response'
          ? { status: result.status, excerpt: result.excerpt }
          : { error: result.error }),
      });
      return false;
    }
    return true;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Asks for a pass now. */
  kick(): void {
    this.#kick();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#kick();
    await this.#loop;
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  async #run(): Promise<void> {
    let backoffMs = 0;
    try {
      await this.init();
    } catch (error) {
      this.#options.logError(error, { platform: this.platform });
    }
    while (!this.#stopping.signal.aborted) {
      const waiting = new AbortController();
      const eventWake =
        this.#options.waitForEvents?.(waiting.signal).catch(() => new Promise<void>(() => {})) ??
        new Promise<void>(() => {});
      let result: PassResult = { sent: 0, more: false, failed: false };
      try {
        result = await this.runOnce();
      } catch (error) {
        this.#options.logError(error, { platform: this.platform });
        result.failed = true;
      }
      backoffMs = result.failed ? Math.min(60_000, Math.max(500, backoffMs * 2)) : 0;
      if ((!result.more || result.failed) && !this.#stopping.signal.aborted) {
        let timer: NodeJS.Timeout | undefined;
        const kicked = new Promise<void>((resolve) => (this.#kick = resolve));
        await Promise.race([
          // After a failure, only the backoff ends the wait: new events would retry too soon.
          ...(result.failed ? [] : [eventWake, kicked]),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, result.failed ? backoffMs : this.#options.pollIntervalMs);
          }),
        ]);
        clearTimeout(timer);
      }
      waiting.abort();
    }
  }
}
