import { openDatabase } from '../../src/storage/database.ts';
import { createService } from '../../src/service/create-service.ts';
import { openTestPglite } from '../storage/backends.ts';
const kind = process.argv[2];
const db = kind === 'pg' ? await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/baton_perf_me' }) : await openTestPglite();
const service = await createService({ database: db });
const { key } = await service.createKey({ scope: 'agent', name: 'bench' });
const agent = (await service.authenticate(key))!;
const texts = ['Hello, where is my order?', 'It was supposed to arrive Monday.', 'Can you check the tracking?', 'Thanks, that helps.'];
const N = Number(process.argv[3] ?? 2000), C = Number(process.argv[4] ?? 16);
const lat: number[] = [];
let i = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: C }, async (_, w) => {
  while (i < N) {
    const n = i++;
    const s = performance.now();
    await service.postTurn(agent, { conversationId: `c-${n % 200}`, turn: { role: n % 2 ? 'agent' : 'customer', text: texts[n % 4]! }, idempotencyKey: `k-${n}` });
    lat.push(performance.now() - s);
  }
}));
const secs = (performance.now() - t0) / 1000;
lat.sort((a, b) => a - b);
console.log(kind, 'turns/s', (N / secs).toFixed(0), 'p50', lat[N / 2]!.toFixed(2), 'p99', lat[Math.floor(N * 0.99)]!.toFixed(2));
await service.close(); await db.close();
