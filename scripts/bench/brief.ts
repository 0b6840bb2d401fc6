/**
 * Brief building latency on synthetic 50-turn conversations (customer facts, corrections, tool
 * calls, firings), beside a baseline measured in the same run: `viewText` over the same turns,
 * the normalisation every engine decision starts with.
 * Run alone: `npx tsx scripts/bench/brief.ts`.
 */
import { buildBrief, renderBriefMarkdown } from '../../packages/engine/src/brief/index.ts';
import type { BriefInput } from '../../packages/engine/src/brief/index.ts';
import { viewText } from '../../packages/engine/src/text.ts';
import type { Firing, Turn } from '../../packages/engine/src/types.ts';

const CONVERSATIONS = 400;
const TURNS = 50;
const REPEATS = 5;

const CUSTOMER_TEMPLATES = [
  'Hi, my order {order} has not arrived yet and it was due last Friday.',
  'I was charged twice for the same item, {amount} each time. Can you fix it?',
  'My email is {email}, please send the invoice there.',
  'sorry, it is {email2} not {email}',
  'You can call me on +44 20 7946 {four} if that is easier.',
  'I paid with my card {card} on {date} at {company}.',
  'this is the third time I ask, you are useless!!! get me a real person',
  'How do I change the delivery address to {street} Baker Street, London NW1 6XE?',
  'ok thanks',
  'My name is {name} and the booking is under {name} too.',
  'I ordered a Sony WH-1000XM5 headset in 3 days ago, and it arrived broken. Will I get a refund?',
  'Can you transfer {amount} to {name} tomorrow?',
  'The ticket number is TKT-{four}, invoice INV-2026-{four}.',
  'my password is hunter{four}, can you check the account?',
  'Where is my package??? I need it before the 24th!',
];
const AGENT_TEMPLATES = [
  'Let me check that order for you.',
  "I'm not sure I understood. Could you rephrase?",
  'Your refund of $45.00 was issued yesterday and should arrive in 3-5 business days.',
  'I can help with that. What is the email address on the account?',
  'The package is with the courier and should arrive on Friday.',
  "I'm sorry, I can't help with that request.",
];
const NAMES = ['jane doe', 'guy kephart', 'Maria Stone', 'ashok arwood'];
const COMPANIES = ['Waitrose', 'santore restaurant', 'Amazon Shopping'];
const CARDS = ['4242 4242 4242 4242', '4111-1111-1111-1111', '5555555555554444'];

/** A deterministic pseudo-random sequence (a linear congruential generator), so runs compare. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
}

function fill(template: string, next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[next() % items.length]!;
  return template
    .replace(/\{order\}/g, `${4000 + (next() % 900)}-${100 + (next() % 900)}`)
    .replace(/\{amount\}/g, pick(['€120', '$129.99', '1.200,50 EUR', '£27', 'CHF 80']))
    .replace(/\{email2\}/g, 'jane.doe@example.com')
    .replace(/\{email\}/g, 'jane@example.com')
    .replace(/\{four\}/g, String(1000 + (next() % 9000)))
    .replace(/\{card\}/g, pick(CARDS))
    .replace(/\{date\}/g, pick(['yesterday', 'last Tuesday', 'the 3rd of March', '2026-02-27']))
    .replace(/\{company\}/g, pick(COMPANIES))
    .replace(/\{street\}/g, String(1 + (next() % 300)))
    .replace(/\{name\}/g, pick(NAMES));
}

function isoAt(secondsSinceStart: number): string {
  // 2026-03-13T09:00:00Z plus the offset, written out without the Date global for symmetry with the engine.
  const minutes = Math.floor(secondsSinceStart / 60);
  const hours = 9 + Math.floor(minutes / 60);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `2026-03-13T${pad(hours)}:${pad(minutes % 60)}:${pad(secondsSinceStart % 60)}Z`;
}

function buildConversation(index: number): BriefInput {
  const next = sequence(index + 1);
  const turns: Turn[] = [];
  const frustration: (number | null)[] = [];
  for (let position = 0; position < TURNS; position++) {
    const at = isoAt(position * 40);
    if (position % 2 === 0) {
      turns.push({
        role: 'customer',
        text: fill(CUSTOMER_TEMPLATES[next() % CUSTOMER_TEMPLATES.length]!, next),
        at,
      });
      frustration.push((next() % 100) / 100);
    } else {
      const failed = next() % 4 === 0;
      turns.push({
        role: 'agent',
        text: AGENT_TEMPLATES[next() % AGENT_TEMPLATES.length]!,
        at,
        toolCalls:
          next() % 3 === 0
            ? [
                {
                  name: 'lookup_order',
                  ok: !failed,
                  ...(failed ? { error: 'timeout' } : { result: { status: 'shipped', total: 120 } }),
                },
              ]
            : [],
      });
      frustration.push(null);
    }
  }
  const firings: Firing[] = [
    {
      trigger: 'asks-for-human',
      signal: 'human_request',
      action: 'handoff',
      priority: 'high',
      queue: 'support',
      shadow: false,
      evidence: ['get me a real person'],
    },
    {
      trigger: 'failing-tools',
      signal: 'repeated_failure',
      action: 'handoff',
      priority: 'normal',
      queue: 'support',
      shadow: false,
      evidence: ['3 failed tool calls'],
    },
  ];
  return {
    conversationId: `bench-${index}`,
    customer: { id: `cus_${index}`, tier: 'gold', language: 'en-GB' },
    turns,
    firings,
    frustration,
    priorHandoffs: index % 3,
    waitingSince: isoAt(TURNS * 40),
    now: isoAt(TURNS * 40 + 95),
  };
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** Times one call, in milliseconds. */
function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** The printable brief section of `npm run bench`. */
export default function bench(): string {
  const inputs = Array.from({ length: CONVERSATIONS }, (_, index) => buildConversation(index));
  let sink = 0;
  // Warm up the JIT on both paths.
  for (const input of inputs.slice(0, 100)) {
    sink += buildBrief(input).facts.length;
    for (const turn of input.turns) sink += viewText(turn.text).words.length;
  }

  // Each conversation is timed REPEATS times: the first run is the single-shot figure (scheduler
  // noise included, it is what a busy server sees); the fastest run is the cost of the input itself.
  const single = new Float64Array(inputs.length);
  const fastest = new Float64Array(inputs.length);
  const markdownTimes = new Float64Array(inputs.length);
  const baselineSingle = new Float64Array(inputs.length);
  const baselineFastest = new Float64Array(inputs.length);
  let facts = 0;
  let briefBytes = 0;
  inputs.forEach((input, index) => {
    const briefRuns: number[] = [];
    const baselineRuns: number[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      briefRuns.push(time(() => (sink += buildBrief(input).facts.length)));
      baselineRuns.push(
        time(() => input.turns.forEach((turn) => (sink += viewText(turn.text).words.length))),
      );
    }
    single[index] = briefRuns[0]!;
    fastest[index] = Math.min(...briefRuns);
    baselineSingle[index] = baselineRuns[0]!;
    baselineFastest[index] = Math.min(...baselineRuns);
    const brief = buildBrief(input);
    markdownTimes[index] = time(() => (sink += renderBriefMarkdown(brief).length));
    facts += brief.facts.length;
    briefBytes = Math.max(briefBytes, JSON.stringify(brief).length);
  });
  for (const times of [single, fastest, markdownTimes, baselineSingle, baselineFastest]) times.sort();
  const figures = (times: Float64Array) =>
    `p50 ${percentile(times, 0.5).toFixed(3)} ms   p99 ${percentile(times, 0.99).toFixed(3)} ms`;
  return [
    `brief (${inputs.length} synthetic conversations of ${TURNS} turns, one thread, each timed ${REPEATS} times)`,
    `  buildBrief, fastest of ${REPEATS}   ${figures(fastest)}   (goal p99 ≤ 5 ms)`,
    `  buildBrief, first run      ${figures(single)}   max ${single[single.length - 1]!.toFixed(3)} ms (includes scheduler noise)`,
    `  renderBriefMarkdown        ${figures(markdownTimes)}`,
    `  baseline viewText ×50      fastest ${figures(baselineFastest)}; first run ${figures(baselineSingle)}`,
    `  brief/baseline p50 ratio   ${(percentile(fastest, 0.5) / percentile(baselineFastest, 0.5)).toFixed(1)} (fastest runs)`,
    `  output                     ${(facts / inputs.length).toFixed(1)} facts per brief, ${briefBytes} bytes max serialised`,
    `  (checksum ${sink})`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(bench());
