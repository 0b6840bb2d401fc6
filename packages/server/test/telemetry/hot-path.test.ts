/**
 * With nothing exported, telemetry adds nothing around the turn path: no tracer, no wrapper around
 * the database or the service, and the engine's `decide` called as is. With metrics on, the
 * database is observed (pool use) and decisions are counted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPolicy, initialState, compilePolicy } from '@baton/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { openService, readConfig } from '../../src/main.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { createTelemetry } from '../../src/telemetry/telemetry.ts';
import { decide } from '../../src/telemetry/traced-engine.ts';

// Each test opens PGlite in a folder, as `baton serve` does: slow on a busy machine.
describe('telemetry off', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(metrics: 'off' | 'on') {
    const dataDir = await mkdtemp(join(tmpdir(), 'baton-hot-path-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const telemetry = createTelemetry({ metrics }, { logger: silentLogger() });
    cleanups.push(() => telemetry.shutdown());
    const opened = await openService(readConfig({ BATON_DATA_DIR: dataDir }), telemetry);
    cleanups.push(async () => {
      await opened.service.close();
      await opened.database.close();
    });
    return { telemetry, ...opened };
  }

  it('builds no tracer and wraps neither the database nor the service', async () => {
    const { telemetry, database, service } = await open('off');
    expect(telemetry.tracer).toBeNull();
    expect(telemetry.metricsEnabled).toBe(false);
    expect('inFlight' in database).toBe(false);
    const { key } = await service.createKey({ scope: 'agent', name: 'bot' });
    const principal = (await service.authenticate(key))!;
    const result = await service.postTurn(principal, {
      conversationId: 'off-1',
      turn: { role: 'customer', text: 'I want to talk to a real person please.' },
    });
    expect(result.decision.action).toBe('handoff');
  });

  it('observes the database and counts decisions when metrics are on', async () => {
    const { telemetry, database, service } = await open('on');
    expect(telemetry.tracer).toBeNull();
    expect('inFlight' in database).toBe(true);
    const { key } = await service.createKey({ scope: 'agent', name: 'bot' });
    const principal = (await service.authenticate(key))!;
    await service.postTurn(principal, {
      conversationId: 'on-1',
      turn: { role: 'customer', text: 'I want to talk to a real person please.' },
    });
    expect(await telemetry.prometheusText()).toMatch(
      /baton_decisions_total\{action="handoff",trigger="customer-asks-for-person"[^}]*\} 1/,
    );
  });

  it("returns the engine's decision outside a recorded trace", () => {
    const policy = compilePolicy(defaultPolicy);
    const turn = {
      role: 'customer' as const,
      text: 'I want to talk to a real person please.',
      at: '2026-01-01T00:00:00Z',
    };
    const result = decide(initialState(), turn, policy);
    expect(result.decision.action).toBe('handoff');
  });
});
