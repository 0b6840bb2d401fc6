import { openDatabase } from '../../src/storage/database.ts';
import { createService } from '../../src/service/create-service.ts';
const db = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/baton_perf_me' });
const stats = new Map<string, [number, number]>();
const origTx = db.transaction.bind(db);
const wrapQ = (q: any) => async (sql: string, params?: unknown[]) => {
  const s = performance.now(); try { return await q(sql, params); } finally {
    const k = sql.replace(/\s+/g, ' ').slice(0, 60); const v = stats.get(k) ?? [0, 0]; v[0]++; v[1] += performance.now() - s; stats.set(k, v); }
};
(db as any).transaction = (fn: any) => origTx((tx: any) => fn({ ...tx, query: wrapQ(tx.query) }));
const service = await createService({ database: db });
const { key } = await service.createKey({ scope: 'agent', name: 'bench' });
const agent = (await service.authenticate(key))!;
const t0 = performance.now();
for (let n = 0; n < 500; n++) await service.postTurn(agent, { conversationId: `p-${n % 50}`, turn: { role: 'customer', text: 'Hello, where is my order?' }, idempotencyKey: `k-${n}` });
console.log('ms/turn', ((performance.now() - t0) / 500).toFixed(2));
for (const [k, [c, t]] of stats) console.log((t / c).toFixed(3), c, k);
await service.close(); await db.close();
