/**
 * `baton export`: conversations with their outcomes in the replay format. The generator pages by
 * (created_at, id) on both back ends; the real binary exports a PGlite data folder that `baton
 * replay` then reads (the round trip), and stops with a clear message while the folder is in use.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../src/service/create-service.ts';
import {
  exportConversations,
  type ExportedConversation,
} from '../../src/service/outcomes/export-conversations.ts';
import { parseReplayLine } from '../../src/replay/replay-format.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { batonCli } from '../backtest/cli.ts';
import { describeBackends } from '../storage/backends.ts';
import { makeService, testClock } from '../service/harness.ts';
import { buildHistory, type History } from './history.ts';

/** The label each conversation of the history must carry (undefined: nothing recorded says). */
const EXPECTED_LABELS: Record<string, boolean | undefined> = {
  c1: true, // resolved, warranted
  c2: false, // resolved, not warranted
  c3: true, // warranted (and late)
  c4: undefined, // left while waiting: no judgement
  c5: true, // a miss: ended badly without a handoff
  c6: false, // ended well without a handoff (rated 5)
  c7: true, // warranted, after a transfer
  c8: undefined, // returned, then queued again
  c9: undefined, // no outcome yet
};

function labels(history: History, exported: ExportedConversation[]): Record<string, boolean | undefined> {
  const byId = new Map(exported.map((conversation) => [conversation.id, conversation]));
  return Object.fromEntries(
    Object.entries(history.conversations).map(([name, id]) => [name, byId.get(id)?.outcome.shouldEscalate]),
  );
}

describeBackends('export conversations', (use) => {
  it('pages through every conversation once, in order, with turns and outcomes', async () => {
    const clock = testClock('2026-06-01T09:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const history = await buildHistory(service, clock);
    const exported: ExportedConversation[] = [];
    // Pages of two: several conversations share a creation time, so the id breaks ties.
    for await (const conversation of exportConversations(use(), { since: history.from, pageSize: 2 })) {
      exported.push(conversation);
    }
    const ours = exported.filter((conversation) =>
      Object.values(history.conversations).includes(conversation.id),
    );
    expect(ours).toHaveLength(9);
    expect(new Set(exported.map((conversation) => conversation.id)).size).toBe(exported.length);
    expect(labels(history, exported)).toEqual(EXPECTED_LABELS);

    const c1 = exported.find((conversation) => conversation.id === history.conversations['c1'])!;
    expect(c1.customer).toHaveProperty('id');
    expect(c1.turns.map((turn) => turn['role'])).toEqual(['customer', 'agent', 'operator']);
    expect(c1.turns[1]).toMatchObject({ toolCalls: [{ name: 'request_human', ok: true }] });
    expect(c1.outcome).toMatchObject({ rating: 4, handoffs: [{ status: 'resolved', repeatCount: 1 }] });
    const c7 = exported.find((conversation) => conversation.id === history.conversations['c7'])!;
    expect(c7.outcome.handoffs.map((handoff) => [handoff.status, handoff.queue])).toEqual([
      ['transferred', 'general'],
      ['resolved', 'billing'],
    ]);
    // Every line is valid replay input.
    for (const conversation of exported) expect(parseReplayLine(JSON.stringify(conversation)).ok).toBe(true);

    const none = [];
    for await (const conversation of exportConversations(use(), { since: '2099-01-01T00:00:00.000Z' })) {
      none.push(conversation);
    }
    expect(none).toEqual([]);
  });
});

describe('baton export (the binary, on a PGlite data folder)', () => {
  let dataDir: string;
  let history: History;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-export-'));
    const database = await openDatabase({ dataDir });
    const clock = testClock('2026-06-03T09:00:00.000Z');
    const service = await createService({ database, now: clock.now, queues: ['general', 'billing'] });
    history = await buildHistory(service, clock);
    await service.close();
    await database.close();
  }, 60_000);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('round-trips: export, then baton replay (and discover, calibrate) read every line and its labels', async () => {
    const out = join(dataDir, 'export.jsonl');
    const exported = await batonCli(['export', '--data-dir', dataDir, '--out', out]);
    expect(exported.stderr).toContain('exported 9 conversations');
    expect(exported.code).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(9);
    expect(
      labels(
        history,
        lines.map((line) => JSON.parse(line) as ExportedConversation),
      ),
    ).toEqual(EXPECTED_LABELS);

    const replayed = await batonCli(['replay', out]);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout.trim().split('\n')).toHaveLength(9);
    expect(replayed.stderr).toContain('conversations: 9');
    expect(replayed.stderr).toContain('skipped lines: 0');
    expect(replayed.stderr).toContain('6 labelled');
    // The other readers of the format take it too.
    const discovered = await batonCli(['discover', out]);
    expect(discovered.code).toBe(0);
    expect(discovered.stdout).toContain('of 6 labelled');
    const calibrated = await batonCli(['calibrate', out]);
    expect(calibrated.code).toBe(0);
    expect(calibrated.stdout).toContain('version: default-1-calibrated');
  }, 60_000);

  it('writes to standard output, honours --since, and refuses a bad time', async () => {
    const all = await batonCli(['export', '--data-dir', dataDir]);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(9);
    // c9 started an hour after the rest.
    const since = new Date(Date.parse(history.to) - 30 * 60_000).toISOString();
    const later = await batonCli(['export', '--data-dir', dataDir, '--since', since]);
    expect(
      later.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as ExportedConversation).id),
    ).toEqual([history.conversations['c9']]);
    const bad = await batonCli(['export', '--data-dir', dataDir, '--since', 'last tuesday']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('ISO time');
  }, 60_000);

  it('stops with a clear message while another process holds the data folder', async () => {
    const database = await openDatabase({ dataDir });
    try {
      const out = join(dataDir, 'locked.jsonl');
      const locked = await batonCli(['export', '--data-dir', dataDir, '--out', out]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(/Stop it and run this again/);
      await expect(readFile(out)).rejects.toThrow();
      await expect(readFile(`${out}.partial`)).rejects.toThrow();
    } finally {
      await database.close();
    }
  }, 60_000);
});
