/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, traces and metrics go to the collector over OTLP/HTTP: a
 * local receiver speaking the protocol (JSON bodies at /v1/traces and /v1/metrics) gets one turn's
 * spans and Baton's metrics when the server shuts down (which flushes both).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig, startServer } from '../../src/main.ts';
import { createTelemetry } from '../../src/telemetry/telemetry.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';

describe('OTLP export', () => {
  let collector: Server;
  let collectorUrl: string;
  let dataDir: string;
  const received: { path: string; body: string }[] = [];
  beforeAll(async () => {
    collector = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    collector.listen(0, '127.0.0.1');
    await new Promise((resolve) => collector.once('listening', resolve));
    collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    dataDir = await mkdtemp(join(tmpdir(), 'baton-otlp-'));
  });
  afterAll(async () => {
    collector.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("sends a turn's spans and the metrics to the configured endpoint", async () => {
    // The OTLP exporters read the standard variable from the process environment themselves.
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = collectorUrl;
    const config = readConfig({
      PORT: '0',
      BATON_DATA_DIR: dataDir,
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    });
    expect(config.telemetry).toMatchObject({ otlpTraces: true, otlpMetrics: true, metrics: 'off' });
    const telemetry = createTelemetry(config.telemetry, { logger: silentLogger() });
    const running = await startServer(config, { telemetry });
    try {
      const { key } = await running.service.createKey({ scope: 'agent', name: 'bot' });
      const response = await fetch(`${running.url}/v1/conversations/otlp-1/turns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'customer', text: 'I want to talk to a real person please.' }),
      });
      expect(response.status).toBe(201);
      // Metrics over OTLP only: /metrics stays off.
      expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
    } finally {
      await running.close();
      delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    }
    const traces = received.filter((request) => request.path === '/v1/traces').map((request) => request.body);
    const metrics = received
      .filter((request) => request.path === '/v1/metrics')
      .map((request) => request.body);
    expect(traces.length).toBeGreaterThan(0);
    const spanNames = traces.flatMap((body) =>
      [...body.matchAll(/"name":"([^"]+)"/g)].map((match) => match[1]),
    );
    expect(spanNames).toEqual(
      expect.arrayContaining([
        'POST /v1/conversations/:conversationId/turns',
        'service.postTurn',
        'engine.decide',
      ]),
    );
    expect(traces.join('')).toContain('"stringValue":"baton"'); // service.name
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.join('')).toContain('"name":"baton_decisions"');
    expect(metrics.join('')).toContain('"name":"baton_queue_depth"');
  }, 120_000); // Starting PGlite in a folder is slow on a busy machine.
});
