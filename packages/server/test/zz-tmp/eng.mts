import { decide, initialState, compilePolicy, defaultPolicy } from '@baton/engine';
const p = compilePolicy(defaultPolicy);
let s = initialState();
const texts = ['Hello, where is my order?', 'It was supposed to arrive Monday.', 'Can you check the tracking?', 'Thanks, that helps.'];
const t0 = performance.now();
for (let i = 0; i < 2000; i++) {
  if (i % 10 === 0) s = initialState();
  const r = decide(s, { role: i % 2 ? 'agent' : 'customer', text: texts[i % 4]!, at: new Date().toISOString() }, p);
  s = r.state;
}
console.log('decide ms/turn', ((performance.now() - t0) / 2000).toFixed(3), JSON.stringify(s).length);
