/**
 * `baton staffing FILE`, run as a user would: a CSV and a JSON Lines file of `baton export` with
 * known answers, bad lines named by file, line and field, and the what-if taken from a replay
 * comparison report.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operatorsNeeded } from '@baton/engine';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { batonCli } from '../backtest/cli.ts';
import { HANDOFF_TURN, makeService, principal, testClock } from '../service/harness.ts';
import { createScratchPostgres } from '../storage/backends.ts';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'baton-staffing-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('reads a CSV of handoffs, names bad lines by file, line and field, and stops on --strict', async () => {
  const file = join(folder, 'handoffs.csv');
  await writeFile(
    file,
    [
      'queue,requestedAt,claimedAt,endedAt,status',
      // Monday 09:00 UTC, two weeks: 3 handoffs each, claimed after 30 s, held 900 s.
      ...[2, 9].flatMap((day) =>
        [0, 10, 20].map(
          (minute) =>
            `general,2026-03-${String(day).padStart(2, '0')}T09:${String(minute).padStart(2, '0')}:00Z,` +
            `2026-03-${String(day).padStart(2, '0')}T09:${String(minute).padStart(2, '0')}:30Z,` +
            `2026-03-${String(day).padStart(2, '0')}T09:${String(minute + 15).padStart(2, '0')}:30Z,resolved`,
        ),
      ),
      '"general",2026-03-09T09:30:00Z,,2026-03-09T09:31:00Z,abandoned',
      'general,2026-03-09T09:40:00Z,,,teleported',
      'general,2026-03-09T09:50:00Z',
    ].join('\n'),
  );
  const range = ['--from', '2026-03-02T00:00:00Z', '--to', '2026-03-16T00:00:00Z'];
  const run = await batonCli(['staffing', file, ...range, '--format', 'json', '--concurrency', '2']);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(`${file}:9: status: must be one of`);
  expect(run.stderr).toContain(`${file}:10: (line): has 2 fields, the header 5`);
  const report = JSON.parse(run.stdout);
  const general = report.queues.find((queue: { queue: string }) => queue.queue === 'general');
  expect(general).toMatchObject({ escalations: 7, abandoned: 1, meanHandleSeconds: 900, model: 'erlang-c' });
  // 7 arrivals over two Mondays at 09:00: 3.5 an hour, 900 s each, 2 conversations per operator.
  const expected = operatorsNeeded(
    { arrivalRate: 3.5 / 3600, meanHandleSeconds: 900, concurrency: 2 },
    { serviceLevel: 0.8, answerSeconds: 60 },
  );
  expect(general.hours[9]).toMatchObject({
    arrivals: 7,
    arrivalsPerHour: 3.5,
    abandoned: 1,
    measuredServiceLevel: Number((6 / 7).toFixed(4)),
    operatorsNeeded: expected.operators,
  });

  const strict = await batonCli(['staffing', file, ...range, '--strict']);
  expect(strict.code).toBe(1);
  expect(strict.stderr.trim()).toBe(
    `${file}:9: status: must be one of queued, claimed, resolved, returned, transferred, abandoned, expired; got teleported`,
  );
});

it('reads baton export lines (a transfer continues its escalation) and takes the what-if from a replay comparison', async () => {
  const file = join(folder, 'export.jsonl');
  const handoff = (fields: Record<string, unknown>) => ({
    trigger: 'human_request',
    outcome: null,
    repeatCount: 0,
    transferredFrom: null,
    ...fields,
  });
  const lines = [
    {
      id: 'c1',
      customer: {},
      turns: [],
      outcome: {
        handoffs: [
          handoff({
            id: 'h1',
            queue: 'general',
            status: 'transferred',
            requestedAt: '2026-03-03T14:00:00Z',
            claimedAt: '2026-03-03T14:00:40Z',
            endedAt: '2026-03-03T14:05:40Z',
          }),
          handoff({
            id: 'h2',
            queue: 'billing',
            status: 'resolved',
            requestedAt: '2026-03-03T14:05:40Z',
            claimedAt: '2026-03-03T14:06:00Z',
            endedAt: '2026-03-03T14:11:00Z',
            transferredFrom: 'h1',
          }),
        ],
        rating: null,
        resolved: null,
        abandoned: null,
        shouldHaveEscalated: null,
      },
    },
    {
      id: 'c2',
      customer: {},
      turns: [],
      outcome: { handoffs: [handoff({ id: 'h3', queue: 'general', status: 'nope' })] },
    },
  ];
  await writeFile(file, lines.map((line) => JSON.stringify(line)).join('\n'));
  const comparison = join(folder, 'compare.json');
  await writeFile(
    comparison,
    JSON.stringify({ volumeChange: { conversations: 3, share: 0.03, relative: 0.25 } }),
  );

  const run = await batonCli([
    'staffing',
    file,
    '--what-if-replay',
    comparison,
    '--from',
    '2026-03-02T00:00:00Z',
    '--to',
    '2026-03-09T00:00:00Z',
    '--format',
    'json',
  ]);
  expect(run.stderr).toContain(`${file}:2: outcome.handoffs.0.status: must be one of`);
  const report = JSON.parse(run.stdout);
  expect(report.target.handoffRateChange).toBe(25);
  const byName = Object.fromEntries(report.queues.map((queue: { queue: string }) => [queue.queue, queue]));
  // One escalation, counted in its first queue with its first claim (40 s); two holds of 300 s each.
  expect(byName.general).toMatchObject({ escalations: 1, meanHandleSeconds: 300 });
  expect(byName.general.hours[24 + 14]).toMatchObject({
    arrivals: 1,
    meanSecondsToClaim: 40,
    measuredServiceLevel: 1,
    arrivalsPerHour: 1.25,
  });
  expect(byName.billing).toMatchObject({ escalations: 0, meanHandleSeconds: 300 });

  const notAReport = await batonCli(['staffing', file, '--what-if-replay', file]);
  expect(notAReport.code).toBe(1);
  expect(notAReport.stderr).toContain('not a JSON report of baton replay --compare');
});

it.skipIf(process.env['BATON_SKIP_POSTGRES'] === '1')(
  'reads the history from the database with --from-db (PostgreSQL)',
  async () => {
    const scratch = await createScratchPostgres();
    try {
      const database = await openDatabase({ databaseUrl: scratch.url });
      const clock = testClock('2026-03-04T16:00:00.000Z'); // a Wednesday: hour of the week 2·24 + 16
      const { service } = await makeService(database, { now: clock.now });
      const agent = await principal(service, 'agent', 'bot');
      const operator = await principal(service, 'operator', 'Ada');
      for (let index = 0; index < 3; index += 1) {
        const { handoff } = await service.postTurn(agent, {
          conversationId: `db-${index}`,
          turn: HANDOFF_TURN,
        });
        clock.advance(45_000);
        await service.claim(operator, handoff!.id);
        clock.advance(480_000);
        await service.resolve(operator, handoff!.id, { resolved: true, warranted: true });
      }
      await service.close();
      await database.close();

      const run = await batonCli([
        'staffing',
        '--from-db',
        '--database-url',
        scratch.url,
        '--from',
        '2026-03-02T00:00:00Z',
        '--to',
        '2026-03-09T00:00:00Z',
        '--queue',
        'general',
        '--format',
        'json',
      ]);
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout);
      expect(report.queues).toHaveLength(1);
      expect(report.queues[0]).toMatchObject({
        queue: 'general',
        escalations: 3,
        meanHandleSeconds: 480,
        operatorsOnline: 0,
      });
      expect(report.queues[0].hours[2 * 24 + 16]).toMatchObject({
        arrivals: 3,
        meanSecondsToClaim: 45,
        arrivalsPerHour: 3,
      });

      const both = await batonCli(['staffing', 'file.csv', '--from-db']);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('give a FILE or --from-db');
    } finally {
      await scratch.drop();
    }
  },
);
