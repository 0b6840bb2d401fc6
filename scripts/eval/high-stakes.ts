/**
 * Evaluates the high_stakes signal's topics: recall per topic on dataset labels mapped to topic ids,
 * and the false-positive rate (any topic) on intents chosen as clearly benign.
 * Run alone: `npx tsx scripts/eval/high-stakes.ts` (data from BATON_EVAL_DATA or ../shared/data).
 */
import { parse } from 'csv-parse/sync';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAmounts } from '../../packages/engine/src/signals/amounts.ts';
import { compileHighStakes } from '../../packages/engine/src/signals/high-stakes.ts';
import { viewText } from '../../packages/engine/src/text.ts';

/** Dataset label → the topic ids that count as a hit (any one of them). */
const BITEXT_TOPICS: Record<string, string[]> = {
  get_refund: ['refund'],
  check_refund_policy: ['refund'],
  track_refund: ['refund'],
  cancel_order: ['cancellation'],
  check_cancellation_fee: ['cancellation'],
  delete_account: ['cancellation', 'privacy'],
};
const BANKING77_TOPICS: Record<string, string[]> = {
  lost_or_stolen_card: ['lost_card'],
  compromised_card: ['account_security', 'fraud'],
  card_payment_not_recognised: ['fraud'],
  direct_debit_payment_not_recognised: ['fraud'],
  cash_withdrawal_not_recognised: ['fraud'],
  request_refund: ['refund'],
  Refund_not_showing_up: ['refund'],
  terminate_account: ['cancellation'],
  cancel_transfer: ['cancellation'],
  lost_or_stolen_phone: ['account_security', 'lost_card'],
};
/** NLU++ labels; `lost_stolen` is banking only (in hotels it is luggage left in a room). */
const NLUPP_TOPICS: Record<string, string[]> = {
  'banking/lost_stolen': ['lost_card', 'account_security', 'fraud'],
  'banking/refund': ['refund'],
  'hotels/refund': ['refund'],
  'banking/cancel_close_leave_freeze': ['cancellation'],
  'hotels/cancel_close_leave_freeze': ['cancellation'],
};

/** Intents where no high-stakes topic is expected: the false-positive pool. */
// prettier-ignore
const BITEXT_BENIGN = [
  'track_order', 'delivery_options', 'delivery_period', 'check_payment_methods', 'create_account',
  'edit_account',
  'place_order', 'get_invoice', 'check_invoices', 'set_up_shipping_address',
  'change_shipping_address', 'review', 'registration_problems', 'switch_account',
];
// prettier-ignore
const BANKING77_BENIGN = [
  'card_arrival', 'exchange_rate', 'age_limit', 'top_up_limits', 'atm_support', 'country_support',
  'fiat_currency_support', 'visa_or_mastercard', 'apple_pay_or_google_pay', 'getting_virtual_card',
  'order_physical_card', 'card_delivery_estimate', 'supported_cards_and_currencies', 'change_pin',
  'automatic_top_up', 'receiving_money', 'transfer_timing', 'exchange_via_app', 'edit_personal_details',
];
/** NLU++ items whose every intent is in this set (and that have at least one). */
// prettier-ignore
const NLUPP_BENIGN_INTENTS = new Set([
  'greet', 'thank', 'affirm', 'acknowledge', 'balance', 'arrival', 'how_much', 'when', 'how_long', 'how',
  'request_info', 'savings', 'current', 'business', 'account', 'mortgage', 'loan', 'appointment', 'new',
  'existing',
  'limits', 'fees_interests', 'check_in', 'check_out', 'restaurant', 'swimming_pool', 'parking', 'pets',
  'accesibility', 'wifi', 'gym', 'spa', 'room_ammenities', 'housekeeping', 'room_service', 'booking',
]);

interface Example {
  text: string;
  labels: string[];
}

/** Parses a CSV file (RFC 4180, with its BOM) into rows of fields. */
function parseCsv(content: string): string[][] {
  return parse(content, { bom: true, relax_column_count: true }) as string[][];
}

function loadBitext(dataDir: string): Example[] {
  const rows = parseCsv(readFileSync(join(dataDir, 'bitext/bitext_20k_utterances.csv'), 'utf8'));
  return rows.slice(1).map((row) => ({ text: row[1] ?? '', labels: [row[3] ?? ''] }));
}

function loadBanking77(dataDir: string): Example[] {
  const rows = parseCsv(readFileSync(join(dataDir, 'banking77/train.csv'), 'utf8'));
  return rows.slice(1).map((row) => ({ text: row[0] ?? '', labels: [row[1] ?? ''] }));
}

/** USS user turns: travel bookings and movie chat, where no high-stakes topic is expected. */
function loadUss(dataDir: string): Example[] {
  const examples: Example[] = [];
  for (const corpus of ['SGD', 'ReDial']) {
    for (const line of readFileSync(join(dataDir, 'uss-satisfaction', `${corpus}.txt`), 'utf8').split('\n')) {
      const [role, text = ''] = line.split('\t');
      if (role === 'USER' && text !== 'OVERALL') examples.push({ text, labels: [] });
    }
  }
  return examples;
}

function loadNlupp(dataDir: string): Example[] {
  const examples: Example[] = [];
  for (const domain of ['banking', 'hotels']) {
    const folder = join(dataDir, 'nlupp', domain);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const items = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
        text: string;
        intents?: string[];
      }[];
      for (const item of items) {
        examples.push({
          text: item.text,
          labels: (item.intents ?? []).map((intent) => `${domain}/${intent}`),
        });
      }
    }
  }
  return examples;
}

const detect = compileHighStakes({});
const topicsOf = (text: string): string[] =>
  detect(viewText(text), { role: 'customer', text, at: '' }).labels ?? [];

const percent = (part: number, whole: number): string =>
  whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;

function recallTable(name: string, examples: Example[], mapping: Record<string, string[]>): string[] {
  const lines = [`${name}: recall per dataset label (hit = any of the accepted topics)`];
  for (const [label, accepted] of Object.entries(mapping)) {
    const carrying = examples.filter((example) => example.labels.includes(label));
    const hits = carrying.filter((example) =>
      topicsOf(example.text).some((topic) => accepted.includes(topic)),
    );
    lines.push(
      `  ${label.padEnd(38)} → ${accepted.join('|').padEnd(26)} ${percent(hits.length, carrying.length).padStart(6)}` +
        `  (${hits.length}/${carrying.length})`,
    );
  }
  return lines;
}

function falsePositives(
  name: string,
  benign: Example[],
): { lines: string[]; flagged: number; total: number } {
  const perTopic = new Map<string, number>();
  let flagged = 0;
  for (const example of benign) {
    const topics = topicsOf(example.text);
    if (topics.length > 0) flagged++;
    for (const topic of topics) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
  }
  const breakdown = [...perTopic].map(([topic, count]) => `${topic} ${count}`).join(', ');
  return {
    lines: [
      `${name}: false-positive rate (any topic) ${percent(flagged, benign.length)} (${flagged}/${benign.length})` +
        (breakdown === '' ? '' : ` — ${breakdown}`),
    ],
    flagged,
    total: benign.length,
  };
}

interface GoldAmount {
  span: [number, number];
  value: { amount: number; currency: string };
}

/**
 * parseAmounts against NLU++'s gold `amount_of_money` slots: recall of amounts written with a
 * currency (value and currency both right), bare numbers (not amounts by design), and amounts
 * found where no gold slot is (false positives).
 */
function evaluateAmounts(dataDir: string): string[] {
  let withCurrency = 0;
  let found = 0;
  let bare = 0;
  let bareFound = 0;
  let extracted = 0;
  let falsePositives = 0;
  const misses: string[] = [];
  for (const domain of ['banking', 'hotels']) {
    const folder = join(dataDir, 'nlupp', domain);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const items = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
        text: string;
        slots?: Record<string, GoldAmount>;
      }[];
      for (const item of items) {
        const gold = item.slots?.['amount_of_money'];
        const amounts = parseAmounts(item.text);
        extracted += amounts.length;
        for (const amount of amounts) {
          const end = amount.index + amount.text.length;
          if (gold === undefined || end <= gold.span[0] || gold.span[1] <= amount.index) falsePositives++;
        }
        if (gold === undefined) continue;
        const match = amounts.find((amount) => Math.abs(amount.value - gold.value.amount) < 0.005);
        if (gold.value.currency === 'ambiguous') {
          bare++;
          if (match !== undefined) bareFound++;
          continue;
        }
        withCurrency++;
        if (match !== undefined && match.currency === gold.value.currency) found++;
        else if (misses.length < 3) misses.push(`"${item.text.slice(0, 80)}"`);
      }
    }
  }
  return [
    '## amounts (parseAmounts vs NLU++ gold amount_of_money slots, banking + hotels)',
    `  written with a currency: value and currency right ${percent(found, withCurrency)} (${found}/${withCurrency})` +
      (misses.length === 0 ? '' : `; misses e.g. ${misses.join(', ')}`),
    `  bare numbers (gold currency "ambiguous"; not amounts by design): taken ${bareFound}/${bare}`,
    `  amounts found outside any gold slot: ${falsePositives} of ${extracted} found`,
  ];
}

const inquiryOf = (text: string): boolean =>
  (detect(viewText(text), { role: 'customer', text, at: '' }).values?.['inquiry'] ?? 0) > 0;

/**
 * Questions about a rule against requests to act: the share of each dataset label read as a
 * question about a rule (high, wanted, on the policy and fee intents; low on the requests).
 */
function inquiryLines(bitext: Example[], banking77: Example[]): string[] {
  const line = (name: string, examples: Example[], label: string): string => {
    const carrying = examples.filter((example) => example.labels.includes(label));
    const asked = carrying.filter((example) => inquiryOf(example.text)).length;
    return `  ${`${name} ${label}`.padEnd(38)} ${percent(asked, carrying.length).padStart(6)}  (${asked}/${carrying.length})`;
  };
  return [
    'Read as a question about a rule (score 0.5, `inquiry`), not a request to act:',
    line('Bitext', bitext, 'check_refund_policy'),
    line('Bitext', bitext, 'check_cancellation_fee'),
    line('Bitext', bitext, 'get_refund'),
    line('Bitext', bitext, 'cancel_order'),
    line('Bitext', bitext, 'delete_account'),
    line('BANKING77', banking77, 'request_refund'),
    line('BANKING77', banking77, 'terminate_account'),
  ];
}

/** Runs the high-stakes topic evaluation and returns a printable report section. */
export default async function evaluate(dataDir: string): Promise<string> {
  const bitext = loadBitext(dataDir);
  const banking77 = loadBanking77(dataDir);
  const nlupp = loadNlupp(dataDir);
  const nluppBenign = nlupp.filter(
    (example) =>
      example.labels.length > 0 &&
      example.labels.every((label) => NLUPP_BENIGN_INTENTS.has(label.slice(label.indexOf('/') + 1))),
  );
  const lines = [
    '## high_stakes topics',
    ...recallTable('Bitext', bitext, BITEXT_TOPICS),
    ...recallTable('BANKING77', banking77, BANKING77_TOPICS),
    ...recallTable('NLU++', nlupp, NLUPP_TOPICS),
    `Benign pools: Bitext ${BITEXT_BENIGN.join(', ')}; BANKING77 ${BANKING77_BENIGN.join(', ')};`,
    `  NLU++ items whose every intent is one of ${[...NLUPP_BENIGN_INTENTS].join(', ')}.`,
    ...falsePositives(
      'Bitext benign',
      bitext.filter((example) => BITEXT_BENIGN.includes(example.labels[0] ?? '')),
    ).lines,
    ...falsePositives(
      'BANKING77 benign',
      banking77.filter((example) => BANKING77_BENIGN.includes(example.labels[0] ?? '')),
    ).lines,
    ...falsePositives('NLU++ benign', nluppBenign).lines,
    ...falsePositives(
      'USS SGD+ReDial user turns (refund = "is the ticket refundable?", by design)',
      loadUss(dataDir),
    ).lines,
    // Not benign: many of its utterances report a hacked account, which account_security should catch.
    ...falsePositives(
      'Bitext recover_password (not in a pool: "my account was hacked, recover it")',
      bitext.filter((example) => example.labels[0] === 'recover_password'),
    ).lines.map((line) => line.replace('false-positive rate (any topic)', 'flagged')),
    ...inquiryLines(bitext, banking77),
    ...evaluateAmounts(dataDir),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.env['BATON_EVAL_DATA'] ?? resolve(import.meta.dirname, '../../../shared/data');
  console.log(await evaluate(dataDir));
}
