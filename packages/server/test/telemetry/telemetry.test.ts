/**
 * Telemetry through the composition root over a real socket, on PGlite in a data folder and on the
 * real PostgreSQL: structured logs carry the request id of their request down to the database
 * layer, `/metrics` exposes the named series after a handoff, one turn's trace has the HTTP,
 * service, engine and database spans, and who may read `/metrics` follows BATON_METRICS.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnResult } from '@baton/sdk';
import { readConfig, startServer, type RunningServer } from '../../src/main.ts';
import { createTelemetry } from '../../src/telemetry/telemetry.ts';
import { freshPostgresDatabase, readSse } from '../http/helpers.ts';

/** The Grafana dashboard in the repository. */
const DASHBOARD = new URL('../../../../deploy/grafana/baton.json', import.meta.url);

/** Labels Prometheus adds when it scrapes (not in the exposition itself). */
const SCRAPE_LABELS = new Set(['instance', 'job']);

type LogLine = Record<string, unknown> & { msg: string; level: string };

/** A pino destination that keeps every line, parsed. */
function captureLogs(): { lines: LogLine[]; write(line: string): void } {
  const lines: LogLine[] = [];
  return { lines, write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };
}

describe.each(['pglite', 'postgres'] as const)('telemetry on %s', (backend) => {
  let running: RunningServer;
  let cleanup: (() => Promise<void>) | undefined;
  const logs = captureLogs();
  const spans = new InMemorySpanExporter();
  const keys = { agent: '', agentId: '', admin: '', operator: '' };

  beforeAll(async () => {
    const environment: Record<string, string> = {
      PORT: '0',
      BATON_QUEUES: 'general,billing',
      BATON_RATE_LIMIT: '0',
      BATON_LOG_LEVEL: 'trace',
      BATON_METRICS: 'on',
    };
    if (backend === 'postgres') {
      const postgres = await freshPostgresDatabase('baton_telemetry');
      cleanup = postgres.drop;
      environment['DATABASE_URL'] = postgres.url;
    } else {
      const dataDir = await mkdtemp(join(tmpdir(), 'baton-telemetry-'));
      cleanup = () => rm(dataDir, { recursive: true, force: true });
      environment['BATON_DATA_DIR'] = dataDir;
    }
    const config = readConfig(environment);
    const telemetry = createTelemetry(config.telemetry, { logDestination: logs, spanExporter: spans });
    running = await startServer(config, { telemetry });
    const agent = await running.service.createKey({ scope: 'agent', name: 'bot' });
    keys.agent = agent.key;
    keys.agentId = agent.record.id;
    keys.admin = (await running.service.createKey({ scope: 'admin', name: 'root' })).key;
    keys.operator = (await running.service.createKey({ scope: 'operator', name: 'Ada' })).key;
  });
  afterAll(async () => {
    await running?.close();
    await cleanup?.();
  });

  function postTurn(conversation: string, text: string, headers: Record<string, string> = {}) {
    return fetch(`${running.url}/v1/conversations/${conversation}/turns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.agent}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ role: 'customer', text }),
    });
  }

  it('puts the request id on every line of its request, down to the database, and one access line', async () => {
    const response = await postTurn('log-1', 'Where is my parcel 7731?', { 'x-request-id': 'req-log-1' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req-log-1');

    const mine = logs.lines.filter((line) => line['requestId'] === 'req-log-1');
    const access = mine.filter((line) => line.msg === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/v1/conversations/:conversationId/turns',
      path: '/v1/conversations/log-1/turns',
      status: 201,
      keyId: keys.agentId,
    });
    expect(access[0]!['durationMs']).toEqual(expect.any(Number));
    // The database layer logged its statements with the id without being handed it.
    const statements = mine.filter((line) => line.msg === 'statement');
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.some((line) => /conversations|turns/.test(String(line['statement'])))).toBe(true);
    // Neither the secret nor the body is ever written.
    const everything = JSON.stringify(logs.lines);
    expect(everything).not.toContain(keys.agent);
    expect(everything).not.toContain('parcel 7731');
  });

  it('replaces a malformed incoming request id with a fresh one and echoes it', async () => {
    const response = await postTurn('log-2', 'Hello', { 'x-request-id': 'not ok; id' });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const access = logs.lines.find((line) => line.msg === 'request' && line['requestId'] === id);
    expect(access).toMatchObject({ path: '/v1/conversations/log-2/turns', status: 201 });
    // An error answer carries the id too, and its access line has the status.
    const refused = await fetch(`${running.url}/v1/handoffs`, { headers: { 'x-request-id': 'req-401' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe('req-401');
    expect(
      logs.lines.find((line) => line['requestId'] === 'req-401' && line.msg === 'request'),
    ).toMatchObject({
      status: 401,
      route: '/v1/handoffs',
    });
  });

  it('traces one turn: HTTP, then the service, the engine and the database statements', async () => {
    // The key is looked up once, then cached: a turn before this one keeps that lookup (a statement
    // of the authentication, not of the turn) out of the traced turn, whichever tests ran before.
    expect((await postTurn('trace-warm', 'Hello')).status).toBe(201);
    spans.reset();
    const response = await postTurn('trace-1', 'Can I get a refund for order 12?', {
      'x-request-id': 'req-trace',
    });
    expect(response.status).toBe(201);
    const { decision } = (await response.json()) as TurnResult;
    const finished = spans.getFinishedSpans();
    const server = finished.find((span) => span.name === 'POST /v1/conversations/:conversationId/turns');
    expect(server).toBeDefined();
    const traceId = server!.spanContext().traceId;
    const inTrace = finished.filter((span) => span.spanContext().traceId === traceId);
    const byId = new Map(inTrace.map((span) => [span.spanContext().spanId, span]));
    const parentOf = (span: ReadableSpan) => byId.get(span.parentSpanContext?.spanId ?? '');
    const ancestors = (span: ReadableSpan) => {
      const names: string[] = [];
      for (let at = parentOf(span); at; at = parentOf(at)) names.push(at.name);
      return names;
    };

    expect(server!.attributes).toMatchObject({
      'http.route': '/v1/conversations/:conversationId/turns',
      'http.response.status_code': 201,
    });
    const service = inTrace.find((span) => span.name === 'service.postTurn');
    expect(service && parentOf(service)).toBe(server);
    expect(service!.attributes['baton.decision.action']).toBe(decision.action);
    const engine = inTrace.find((span) => span.name === 'engine.decide');
    expect(engine).toBeDefined();
    expect(ancestors(engine!)).toContain('service.postTurn');
    const statements = inTrace.filter((span) => span.attributes['db.system'] !== undefined);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) expect(ancestors(statement)).toContain('service.postTurn');
    // The turn's own statements (their text is cut at a bounded length, so match the table they open with).
    expect(
      statements.some((span) =>
        /INSERT INTO conversations|INSERT INTO turns|UPDATE conversations/.test(
          String(span.attributes['db.query.text']),
        ),
      ),
    ).toBe(true);
    // The logs of the request name its trace.
    const access = logs.lines.find((line) => line['requestId'] === 'req-trace' && line.msg === 'request');
    expect(access?.['traceId']).toBe(traceId);
  });

  it("continues a caller's trace from its traceparent header", async () => {
    spans.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const response = await postTurn('trace-2', 'Hello again', {
      traceparent: `00-${traceId}-${callerSpan}-01`,
    });
    expect(response.status).toBe(201);
    const server = spans
      .getFinishedSpans()
      .find((span) => span.name === 'POST /v1/conversations/:conversationId/turns');
    expect(server?.spanContext().traceId).toBe(traceId);
    expect(server?.parentSpanContext?.spanId).toBe(callerSpan);
  });

  it('exposes the named series on /metrics after a handoff', async () => {
    const events = await fetch(`${running.url}/v1/events`, {
      headers: { authorization: `Bearer ${keys.operator}` },
    });
    expect(events.status).toBe(200);
    expect(events.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const ask = await postTurn('metrics-1', 'I want to talk to a real person please.');
    const result = (await ask.json()) as TurnResult;
    expect(result.decision).toMatchObject({ action: 'handoff', trigger: 'customer-asks-for-person' });

    const scrape = await fetch(`${running.url}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();
    const value = (series: string) => {
      const line = text.split('\n').find((candidate) => candidate.startsWith(series));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    expect(value('baton_decisions_total{action="handoff",trigger="customer-asks-for-person"')).toBe(1);
    expect(
      value('baton_trigger_firings_total{trigger="customer-asks-for-person",action="handoff",shadow="false"'),
    ).toBe(1);
    expect(value('baton_queue_depth{queue="general"')).toBe(1);
    expect(value('baton_queue_depth{queue="billing"')).toBe(0);
    expect(value('baton_queue_oldest_wait_seconds{queue="general"')).toBeGreaterThanOrEqual(0);
    expect(
      value(
        'baton_http_request_duration_seconds_count{method="POST",route="/v1/conversations/:conversationId/turns",status="201"',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(value('baton_sse_connections{route="/v1/events"')).toBe(1);
    expect(value('baton_webhook_deliveries{state="pending"')).toBe(0);
    expect(value('baton_webhook_oldest_undelivered_seconds')).toBe(0);
    expect(value('baton_db_pool_connections{state="total"')).toBeGreaterThanOrEqual(1);
    expect(value('baton_event_loop_lag_seconds{stat="max"')).toBeGreaterThanOrEqual(0);

    // Closing the stream brings the count back down.
    const closed = new Promise<void>((resolve) => {
      void (async () => {
        try {
          for await (const _ of readSse(events.body!)) break;
        } catch {
          // The cancel below ends the read.
        }
        resolve();
      })();
    });
    await events.body!.cancel().catch(() => undefined);
    await closed;
    let open = 1;
    for (let attempt = 0; attempt < 200 && open !== 0; attempt++) {
      await new Promise((resolve) => setImmediate(resolve));
      const again = await (await fetch(`${running.url}/metrics`)).text();
      open = Number(/baton_sse_connections\{route="\/v1\/events"[^}]*\} (\d+)/.exec(again)?.[1]);
    }
    expect(open).toBe(0);
  });

  it('exposes every metric and label the Grafana dashboard queries', async () => {
    const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const text = await (await fetch(`${running.url}/metrics`)).text();
    /** Label names per series name, from the exposition lines. */
    const exposed = new Map<string, Set<string>>();
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? /.exec(line);
      if (!match) continue;
      const labels = exposed.get(match[1]!) ?? new Set<string>();
      for (const pair of (match[2] ?? '').matchAll(/(\w+)="/g)) labels.add(pair[1]!);
      exposed.set(match[1]!, labels);
    }
    const named = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        const metrics = [...expr.matchAll(/\b(baton_\w+)/g)].map((match) => match[1]!);
        expect(metrics.length, expr).toBeGreaterThan(0);
        const used = [
          ...[...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((match) => match[1]!.split(',')),
          ...[...expr.matchAll(/(\w+)\s*=~?\s*"/g)].map((match) => match[1]!),
        ]
          .map((label) => label.trim())
          .filter((label) => label !== '' && !SCRAPE_LABELS.has(label));
        for (const metric of metrics) {
          named.add(metric);
          expect(exposed.has(metric), `${metric} (panel "${panel.title}")`).toBe(true);
          for (const label of used) {
            expect(exposed.get(metric), `${metric} has label ${label}`).toContain(label);
          }
        }
      }
    }
    expect(named.size).toBeGreaterThanOrEqual(10);
  });
});
