import { compilePolicy, decide, defaultPolicy, initialState } from './src/index.ts';
const policy = compilePolicy(defaultPolicy);
const FILLER = 'The parcel left the depot at nine and reached the sorting centre at noon. ';
const cases: [string, string][] = [['short', 'Where is my order 1042? It has been a week.'], ['4000', FILLER.repeat(54).slice(0, 4000)], ['8000', FILLER.repeat(108).slice(0, 8000)], ['100KB', FILLER.repeat(1400) + ' Can I talk to a person?']];
for (const [name, text] of cases) {
  const turn = { role: 'customer' as const, text, at: '2026-03-02T09:00:00Z' };
  for (let i = 0; i < 100; i++) decide(initialState(), turn, policy);
  const n = 300; const t0 = performance.now();
  for (let i = 0; i < n; i++) decide(initialState(), turn, policy);
  console.log(name, ((performance.now() - t0) / n * 1000).toFixed(1), 'µs/turn');
}
