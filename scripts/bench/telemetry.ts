/**
 * What telemetry costs on the hot path, `POST /v1/conversations/{id}/turns` on PostgreSQL, each
 * setting beside the same server with logs silent and nothing exported (measured in the same run):
 * the access log (BATON_LOG_LEVEL=info, the default), plus metrics (BATON_METRICS=on), plus traces
 * over OTLP to a local receiver that accepts and drops them.
 *
 * Run alone: `npx tsx scripts/bench/telemetry.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { freshPostgres, load, spawnServer, type AutocannonResult } from './api.ts';

const CONNECTIONS = 16;
const DURATION_S = 6;

const VARIANTS: { label: string; env: Record<string, string> }[] = [
  {
    label: 'logs silent, nothing exported (baseline)',
    env: { BATON_LOG_LEVEL: 'silent', BATON_METRICS: 'off' },
  },
  { label: 'access log (info, the default)', env: { BATON_LOG_LEVEL: 'info', BATON_METRICS: 'off' } },
  { label: 'access log + metrics', env: { BATON_LOG_LEVEL: 'info', BATON_METRICS: 'on' } },
  { label: 'access log + metrics + traces (OTLP)', env: { BATON_LOG_LEVEL: 'info', BATON_METRICS: 'on' } },
];

const fmt = (value: number, digits = 1) => value.toFixed(digits);

export default async function bench(): Promise<string> {
  const loadBefore = loadavg()[0]!;
  // A collector that accepts every export and keeps nothing.
  const collector = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  collector.listen(0, '127.0.0.1');
  await new Promise((resolve) => collector.once('listening', resolve));
  const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const saved = { ...process.env };
  const rows: { label: string; result: AutocannonResult }[] = [];
  try {
    for (const [index, variant] of VARIANTS.entries()) {
      process.stderr.write(`telemetry bench: ${variant.label}\n`);
      const database = await freshPostgres();
      // The server child inherits the environment.
      Object.assign(process.env, variant.env);
      if (index === VARIANTS.length - 1) process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = collectorUrl;
      else delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
      const server = await spawnServer('baton', 'postgres', database.url);
      try {
        await load(server.url, server.key, { durationS: 2, connections: CONNECTIONS }); // warm-up
        rows.push({
          label: variant.label,
          result: await load(server.url, server.key, { durationS: DURATION_S, connections: CONNECTIONS }),
        });
      } finally {
        await server.stop();
        await database.drop();
      }
    }
  } finally {
    process.env = saved;
    collector.close();
  }
  const baseline = rows[0]!.result.requests.average;
  return [
    `Telemetry: POST /v1/conversations/{id}/turns on PostgreSQL (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s)`,
    `Load average (1 min) ${fmt(loadBefore, 2)} before, ${fmt(loadavg()[0]!, 2)} after.`,
    '| setting | turns/s | p50 ms | p99 ms | of baseline |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      ({ label, result }) =>
        `| ${label} | ${fmt(result.requests.average, 0)} | ${fmt(result.latency.p50)} | ` +
        `${fmt(result.latency.p99)} | ${fmt((result.requests.average / baseline) * 100, 0)}% |`,
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await bench());
