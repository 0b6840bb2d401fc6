/**
 * Engine throughput and per-decision latency with the default policy on realistic turns, beside a
 * baseline measured in the same run: the text normalisation alone that every decision starts with.
 */
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  compilePolicy,
  decide,
  defaultPolicy,
  initialState,
  viewText,
  type EngineState,
  type Turn,
} from '@baton/engine';

const AGENT_REPLIES = [
  'Let me check that order for you.',
  "I'm not sure I understood. Could you rephrase?",
  'Your refund of $45.00 was issued yesterday and should arrive in 3-5 business days.',
  'I can help with that. What is the email address on the account?',
  'The package is with the courier and should arrive on Friday.',
  "I'm sorry, I can't help with that request.",
];
const CUSTOMER_FALLBACK = [
  'Hi, my order 4471-983 has not arrived yet and it was due last Friday.',
  'I was charged twice for the same item, $129.99 each time. Can you fix it?',
  'this is the third time I ask, you are useless!!! get me a real person',
  'How do I change the delivery address?',
  'ok thanks',
  'Quiero hablar con una persona, por favor.',
  'My card was stolen yesterday and I see payments I did not make.',
  'Can you tell me when the store opens on Sunday?',
];

function customerTexts(): string[] {
  const csv = resolve(
    process.env.BATON_EVAL_DATA ?? resolve(import.meta.dirname, '../../../shared/data'),
    'bitext/bitext_20k_utterances.csv',
  );
  if (!existsSync(csv)) return CUSTOMER_FALLBACK;
  const rows = parse(readFileSync(csv, 'utf8'), { bom: true, columns: true, to: 4000 }) as {
    utterance: string;
  }[];
  const texts = rows.map((row) => row.utterance).filter(Boolean);
  return texts.length > 100 ? [...texts, ...CUSTOMER_FALLBACK] : CUSTOMER_FALLBACK;
}

/** Conversations of 10 turns, alternating customer and agent, with confidences and tool calls. */
function buildConversations(count: number): Turn[][] {
  const texts = customerTexts();
  const conversations: Turn[][] = [];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let index = 0; index < count; index++) {
    const turns: Turn[] = [];
    for (let position = 0; position < 10; position++) {
      const at = new Date(Date.UTC(2026, 0, 1) + (index * 10 + position) * 30_000).toISOString();
      if (position % 2 === 0) {
        turns.push({ role: 'customer', text: texts[next() % texts.length]!, at });
      } else {
        turns.push({
          role: 'agent',
          text: AGENT_REPLIES[next() % AGENT_REPLIES.length]!,
          at,
          confidence: (next() % 100) / 100,
          toolCalls:
            next() % 3 === 0 ? [{ name: 'lookup_order', ok: next() % 4 !== 0, error: 'timeout' }] : [],
        });
      }
    }
    conversations.push(turns);
  }
  return conversations;
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

export default function bench(): string {
  const policy = compilePolicy(defaultPolicy);
  const conversations = buildConversations(3000);
  const turns = conversations.reduce((sum, conversation) => sum + conversation.length, 0);

  // Warm up the JIT on both paths.
  for (const conversation of conversations.slice(0, 500)) {
    let state = initialState();
    for (const turn of conversation) state = decide(state, turn, policy).state;
    for (const turn of conversation) viewText(turn.text);
  }

  const latencies = new Float64Array(turns);
  let maxStateBytes = 0;
  let cursor = 0;
  let sink = 0;
  const engineStart = performance.now();
  for (const conversation of conversations) {
    let state: EngineState = initialState();
    for (const turn of conversation) {
      const started = performance.now();
      const result = decide(state, turn, policy);
      latencies[cursor++] = performance.now() - started;
      state = result.state;
      sink += result.decision.firings.length;
    }
    maxStateBytes = Math.max(maxStateBytes, JSON.stringify(state).length);
  }
  const engineMs = performance.now() - engineStart;

  // Throughput without per-call timers, for the headline figure.
  const plainStart = performance.now();
  for (const conversation of conversations) {
    let state: EngineState = initialState();
    for (const turn of conversation) state = decide(state, turn, policy).state;
  }
  const plainMs = performance.now() - plainStart;

  const baselineStart = performance.now();
  for (const conversation of conversations)
    for (const turn of conversation) sink += viewText(turn.text).words.length;
  const baselineMs = performance.now() - baselineStart;

  latencies.sort();
  const throughput = turns / (plainMs / 1000);
  const baselineThroughput = turns / (baselineMs / 1000);
  return [
    `engine (default policy, ${turns} turns in ${conversations.length} conversations, one thread)`,
    `  throughput      ${Math.round(throughput).toLocaleString('en')} turns/s   (goal ≥ 50,000)`,
    `  latency         p50 ${(percentile(latencies, 0.5) * 1000).toFixed(1)} µs   p99 ${(percentile(latencies, 0.99) * 1000).toFixed(1)} µs   (goal p99 ≤ 100 µs; timed run ${engineMs.toFixed(0)} ms)`,
    `  state           ${maxStateBytes} bytes max serialised after 10 turns   (goal ≤ 2,048)`,
    `  baseline        text normalisation alone: ${Math.round(baselineThroughput).toLocaleString('en')} turns/s; engine/baseline throughput ratio ${(throughput / baselineThroughput).toFixed(3)}`,
    `  (checksum ${sink})`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(bench());
