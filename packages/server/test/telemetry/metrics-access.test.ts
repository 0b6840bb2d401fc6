/**
 * Who may read `GET /metrics`, by BATON_METRICS: nobody when off (404, the default), anyone when
 * on, admin keys only when admin; and the telemetry settings refuse values they do not admit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/main.ts';
import { createTelemetry, type Telemetry } from '../../src/telemetry/telemetry.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { createStack, type Stack } from '../http/helpers.ts';

describe('GET /metrics access', () => {
  const stacks: Partial<Record<'off' | 'on' | 'admin', Stack>> = {};
  const telemetries: Telemetry[] = [];
  beforeAll(async () => {
    for (const metrics of ['off', 'on', 'admin'] as const) {
      const telemetry = createTelemetry({ metrics }, { logger: silentLogger() });
      telemetries.push(telemetry);
      stacks[metrics] = await createStack('pglite', { telemetry });
    }
  });
  afterAll(async () => {
    for (const stack of Object.values(stacks)) await stack.close();
    for (const telemetry of telemetries) await telemetry.shutdown();
  });

  const scrape = (stack: Stack, key?: string) =>
    stack.app.request('/metrics', key ? { headers: { authorization: `Bearer ${key}` } } : {});

  it('is absent when off', async () => {
    const stack = stacks.off!;
    expect((await scrape(stack)).status).toBe(404);
    expect((await scrape(stack, stack.keys.admin)).status).toBe(404);
  });

  it('is open when on', async () => {
    const stack = stacks.on!;
    await stack.app.request('/healthz');
    const response = await scrape(stack);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(
      'baton_http_request_duration_seconds_count{method="GET",route="/healthz"',
    );
  });

  it('takes an admin key when admin', async () => {
    const stack = stacks.admin!;
    expect((await scrape(stack)).status).toBe(401);
    expect((await scrape(stack, stack.keys.operator)).status).toBe(403);
    const response = await scrape(stack, stack.keys.admin);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# TYPE baton_http_request_duration_seconds histogram');
  });

  it('refuses a log level or metrics setting it does not know, naming the variable', () => {
    expect(() => readConfig({ BATON_LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => readConfig({ BATON_LOG_LEVEL: 'loud' })).toThrow(/BATON_LOG_LEVEL/);
    expect(() => readConfig({ BATON_METRICS: 'yes' })).toThrow(/BATON_METRICS must be off, on/);
    expect(readConfig({ BATON_METRICS: 'ADMIN', BATON_LOG_LEVEL: 'debug' }).telemetry).toMatchObject({
      metrics: 'admin',
      logLevel: 'debug',
      otlpTraces: false,
    });
    expect(readConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).telemetry).toMatchObject({
      otlpTraces: true,
      otlpMetrics: true,
    });
    expect(readConfig({}).telemetry).toMatchObject({ metrics: 'off', logLevel: 'info' });
  });
});
