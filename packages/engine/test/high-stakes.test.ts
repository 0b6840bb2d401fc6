import { describe, expect, it } from 'vitest';
import { HIGH_STAKES_TOPICS, compileHighStakes } from '../src/signals/high-stakes.ts';
import type { HighStakesOptions } from '../src/signals/high-stakes.ts';
import { viewText } from '../src/text.ts';
import type { Turn } from '../src/types.ts';

const customer = (text: string, extra: Partial<Turn> = {}): Turn => ({
  role: 'customer',
  text,
  at: '2026-01-01T00:00:00Z',
  ...extra,
});
const read = (text: string, options: HighStakesOptions = {}, extra: Partial<Turn> = {}) =>
  compileHighStakes(options)(viewText(text), customer(text, extra));

describe('high_stakes topics', () => {
  it.each<[string, string, string]>([
    ['refund', 'en', 'I want a refund for this order'],
    ['refund', 'en', 'What is your refund policy?'],
    ['refund', 'es', 'Quiero un reembolso'],
    ['refund', 'fr', 'Je demande le remboursement'],
    ['refund', 'de', 'Ich will eine Rückerstattung'],
    ['refund', 'it', 'Voglio un rimborso'],
    ['refund', 'pt', 'Quero o estorno'],
    ['refund', 'zh', '我要退款'],
    ['cancellation', 'en', 'please cancel my monthly subscription'],
    ['cancellation', 'en', 'how do I close my account'],
    ['cancellation', 'es', 'quiero darme de baja'],
    ['cancellation', 'fr', 'Je veux résilier mon abonnement'],
    ['cancellation', 'de', 'Ich möchte kündigen'],
    ['cancellation', 'it', 'vorrei la disdetta'],
    ['cancellation', 'pt', 'quero o cancelamento'],
    ['cancellation', 'zh', '我要取消订单'],
    ['chargeback', 'en', "I'll file a chargeback with my bank"],
    ['chargeback', 'en', 'I am going to dispute the charge'],
    ['chargeback', 'de', 'ich mache eine Rückbuchung'],
    ['legal', 'en', 'My lawyer will hear about this'],
    ['legal', 'en', "I'll sue you"],
    ['legal', 'en', 'I am reporting this to the ombudsman'],
    ['legal', 'es', 'voy a llamar a mi abogado'],
    ['legal', 'fr', 'je vais porter plainte'],
    ['legal', 'de', 'ich werde Sie verklagen'],
    ['legal', 'it', 'chiamo il mio avvocato'],
    ['legal', 'pt', 'vou processar vocês'],
    ['legal', 'zh', '我要起诉你们'],
    ['fraud', 'en', "There's a payment I don't recognise"],
    ['fraud', 'en', 'an unauthorized transaction on my card'],
    ['fraud', 'en', 'I think this is a scam'],
    ['fraud', 'es', 'no reconozco este cargo'],
    ['fraud', 'fr', "c'est une arnaque"],
    ['fraud', 'de', 'das ist Betrug'],
    ['fraud', 'it', 'è una truffa'],
    ['fraud', 'pt', 'não reconheço essa compra'],
    ['fraud', 'zh', '我的卡被盗刷了'],
    ['lost_card', 'en', 'I lost my credit card'],
    ['lost_card', 'en', 'my card was stolen yesterday'],
    ['lost_card', 'es', 'perdí mi tarjeta'],
    ['lost_card', 'fr', "j'ai perdu ma carte"],
    ['lost_card', 'de', 'meine Karte wurde gestohlen'],
    ['lost_card', 'it', 'mi hanno rubato la carta'],
    ['lost_card', 'pt', 'perdi meu cartão'],
    ['lost_card', 'zh', '我要挂失'],
    ['account_security', 'en', 'my account was hacked'],
    ['account_security', 'en', 'someone logged in to my account'],
    ['account_security', 'en', "I didn't request a password reset"],
    ['account_security', 'es', 'me han hackeado la cuenta'],
    ['account_security', 'de', 'mein Konto wurde gehackt'],
    ['account_security', 'zh', '我的账号被盗了'],
    ['privacy', 'en', 'Please delete my data'],
    ['privacy', 'en', 'I am making a GDPR request'],
    ['privacy', 'es', 'borrar todos mis datos'],
    ['privacy', 'fr', 'supprimer mes données'],
    ['privacy', 'de', 'laut DSGVO'],
    ['privacy', 'it', 'i miei dati personali'],
    ['privacy', 'pt', 'conforme a LGPD'],
    ['privacy', 'zh', '请删除我的数据'],
    ['medical_safety', 'en', 'the charger caught fire'],
    ['medical_safety', 'en', 'I had an allergic reaction'],
    ['medical_safety', 'en', 'my son was injured by it'],
    ['medical_safety', 'es', 'tuve una reacción alérgica'],
    ['medical_safety', 'fr', 'mon fils est blessé'],
    ['medical_safety', 'de', 'das ist gefährlich'],
    ['medical_safety', 'it', 'è pericoloso'],
    ['medical_safety', 'pt', 'houve um incêndio'],
    ['medical_safety', 'zh', '我过敏了'],
  ])('%s (%s): %j', (topic, _language, text) => {
    expect(read(text).labels).toContain(topic);
  });
});

describe('self_harm', () => {
  it.each<[string, string]>([
    ['en', 'I want to kill myself'],
    ['en', 'honestly I just want to die'],
    ['en', "I've been thinking about suicide"],
    ['en', 'I am going to end my life'],
    ['en', 'everyone would be better off dead without me, I mean me'],
    ['en', 'I want to hurt myself'],
    ['es', 'quiero morirme'],
    ['es', 'voy a quitarme la vida'],
    ['fr', 'je veux mourir'],
    ['fr', 'je pense au suicide'],
    ['de', 'ich will sterben'],
    ['de', 'ich denke an Selbstmord'],
    ['it', 'voglio morire'],
    ['it', 'penso di togliermi la vita'],
    ['pt', 'quero morrer'],
    ['pt', 'vou me matar'],
    ['zh', '我想死'],
    ['zh', '我想自杀'],
    ['unaccented', 'quiero suicidarme'],
  ])('%s: %j', (_language, text) => {
    const reading = read(text);
    expect(reading.labels).toContain('self_harm');
    expect(reading.values?.['selfHarm']).toBe(1);
    expect(reading.score).toBe(1);
  });

  it.each([
    "I'm dying to try it",
    'this price is killing me',
    'kill the process and restart',
    'I nearly killed myself laughing',
    'the suicide squad movie',
    'my boss will kill me if this is late',
    'the battery is dead',
  ])('is not self_harm: %j', (text) => {
    expect(read(text).labels).not.toContain('self_harm');
    expect(read(text).values?.['selfHarm']).toBe(0);
  });
});

describe('high_stakes false positives', () => {
  it.each([
    'My card',
    'where is my card?',
    "can't cancel my excitement for the launch",
    'Hi, this is Sue from accounting',
    'what time do you open tomorrow?',
    'I would like to update my address',
    'how long does delivery take',
    'we met at the food court',
  ])('no topic in %j', (text) => {
    const reading = read(text);
    expect(reading.labels).toEqual([]);
    expect(reading.score).toBe(0);
  });
});

describe('compileHighStakes options', () => {
  it('lists the public topic ids', () => {
    expect(HIGH_STAKES_TOPICS).toEqual([
      'refund',
      'cancellation',
      'chargeback',
      'legal',
      'fraud',
      'lost_card',
      'account_security',
      'privacy',
      'medical_safety',
      'self_harm',
    ]);
  });

  it('adds phrases to a built-in topic and defines new topics', () => {
    const options = { topics: { refund: ['give back my coins'], warranty: ['warranty', 'guarantee*'] } };
    expect(read('give back my coins', options).labels).toEqual(['refund']);
    expect(read('is it under warranty?', options).labels).toEqual(['warranty']);
    expect(read('is it under warranty?').labels).toEqual([]);
    expect(read('I want a refund', options).labels).toEqual(['refund']);
  });

  it.each<[string, HighStakesOptions, Partial<Turn>, boolean, number]>([
    ['I was charged $1,200', { amountThreshold: 500, currency: 'USD' }, {}, true, 1200],
    ['I was charged $200', { amountThreshold: 500, currency: 'USD' }, {}, false, 200],
    ['I was charged $500', { amountThreshold: 500, currency: 'USD' }, {}, false, 500],
    ['¥5000 missing', { amountThreshold: 500, currency: 'USD' }, {}, true, 5000],
    ['it cost 2k', { amountThreshold: 500 }, {}, true, 2000],
    ['no amount here', { amountThreshold: 500 }, { amount: 900 }, true, 900],
    ['no amount here', { amountThreshold: 500 }, { amount: { value: 90, currency: 'EUR' } }, false, 90],
    ['$700 please', {}, {}, false, 700],
    ['order 123456', { amountThreshold: 10 }, {}, false, 0],
  ])('amount in %j with %j and %j', (text, options, extra, labelled, largest) => {
    const reading = read(text, options, extra);
    expect(reading.labels?.includes('amount')).toBe(labelled);
    expect(reading.values?.['amount']).toBe(largest);
    expect(reading.score).toBe(labelled ? 1 : 0);
  });

  it('labels calls of approval tools and quotes their names', () => {
    const options = { approvalTools: ['issue_refund'] };
    const calls = {
      toolCalls: [
        { name: 'lookup_order', ok: true },
        { name: 'issue_refund', ok: true },
      ],
    };
    const reading = read('Done.', options, calls);
    expect(reading.labels).toEqual(['approval_tool']);
    expect(reading.values?.['approval']).toBe(1);
    expect(reading.evidence).toContain('approval_tool: issue_refund');
    expect(read('Done.', options, { toolCalls: [{ name: 'lookup_order', ok: true }] }).labels).toEqual([]);
  });

  it('takes the agent’s own topic and intent labels when they name a topic', () => {
    const reading = read('hello', {}, { topics: ['refund', 'shipping'], intent: 'fraud' });
    expect(reading.labels).toEqual(['refund', 'fraud']);
    expect(reading.values?.['topics']).toBe(2);
  });

  it('quotes the words that named each topic', () => {
    const reading = read('I lost my card and want a refund');
    expect(reading.labels).toEqual(['refund', 'lost_card']);
    expect(reading.evidence).toEqual(['refund: "refund"', 'lost_card: "lost my card"']);
  });

  it.each([
    ['empty', ''],
    ['100 KB', 'refund '.repeat(15_000)],
    ['emoji and RTL', '💳 ‮ سرقة بطاقتي 🙂'],
    ['control characters', '\u0000\u0007kill\u0000myself'],
  ])('never throws on %s', (_name, text) => {
    expect(() => read(text, { amountThreshold: 1, approvalTools: ['x'] })).not.toThrow();
  });
});

describe('topic phrase syntax (through policy topics)', () => {
  const options = { topics: { probe: ['warrant*', 'broken ~ arrival', 'garantía', '保修'] } };
  it.each<[string, boolean]>([
    ['the warranty expired', true],
    ['warranties?', true],
    ['a warrant officer', true],
    ['war', false],
    ['broken on arrival', true],
    ['broken right on its arrival', true],
    ['broken, and even worse, on its arrival', false],
    ['arrival broken', false],
    ['la garantía venció', true],
    ['la garantia vencio', true],
    ['这个有保修吗', true],
    ['保险', false],
  ])('%j matches: %s', (text, expected) => {
    expect(read(text, options).labels?.includes('probe')).toBe(expected);
  });

  it('ignores empty and non-string phrases instead of throwing', () => {
    const odd = { topics: { probe: ['', '   ', '~', '*', 42 as unknown as string] } };
    expect(() => read('anything at all', odd)).not.toThrow();
    expect(read('anything at all', odd).labels).toEqual([]);
  });
});

describe('high_stakes: asking about a rule is not asking to act', () => {
  const detect = compileHighStakes({ amountThreshold: 500, currency: 'USD' });
  const read = (text: string) => detect(viewText(text), { role: 'customer', text, at: '' });

  // Questions about a rule: the topic label stays, the score is halved, `inquiry` says why.
  it.each([
    ['Will I be able to cancel my booking later?', 'cancellation'],
    ["What's your refund policy?", 'refund'],
    ['Is there a cancellation fee?', 'cancellation'],
    ['Is the ticket refundable?', 'refund'],
    ['Please book two fully refundable train tickets.', 'refund'],
    ['Can I get my money back if I change my travel plans?', 'refund'],
    ['May I ask for a refund eventually?', 'refund'],
    ['I want to see your refund policy, can you help me?', 'refund'],
    ['Does the hotel offer free cancellation?', 'cancellation'],
    ['退款政策是什么？', 'refund'],
  ] as [string, string][])('%s', (text, topic) => {
    const reading = read(text);
    expect(reading.labels).toContain(topic);
    expect(reading.values?.['inquiry']).toBe(1);
    expect(reading.score).toBe(0.5);
  });

  // Requests to act keep the full score, even when phrased as a question.
  it.each([
    'I want a refund',
    'Can I cancel my order?',
    'How do I cancel my subscription?',
    'the concert was postponed, can I get a reimbursement?',
    'could you ask an agent if I could close my account?',
    "Can I cancel an order if I haven't received it? And how can I get my money back?",
    'What is your refund policy? I want a refund for order 123.',
  ])('%s', (text) => {
    const reading = read(text);
    expect(reading.score).toBe(1);
    expect(reading.values?.['inquiry']).toBe(0);
  });

  it('a rule question with something else at stake stays at full score', () => {
    const reading = read('Is there a cancellation fee? I was charged $900 twice without my permission.');
    expect(reading.score).toBe(1);
  });
});

describe('high_stakes: needs are not emergencies', () => {
  const detect = compileHighStakes({});
  const labelsOf = (text: string) => detect(viewText(text), { role: 'customer', text, at: '' }).labels ?? [];

  it.each([
    'I have a nut allergy, can the restaurant handle that?',
    "I'm allergic to shellfish, does the menu say what's in each dish?",
    'Do you have gluten-free options? My son has allergies.',
    'Is the hotel wheelchair accessible?',
    '我对花生过敏，这家餐厅有不含花生的菜吗？',
  ])('a dietary or access need: %s', (text) => {
    expect(labelsOf(text)).not.toContain('medical_safety');
  });

  it.each([
    "I'm having an allergic reaction to the food you delivered",
    "My daughter can't breathe after eating your cookies",
    'his throat is swelling up',
    'I had to use my EpiPen',
    '我过敏了，呼吸困难',
  ])('a reaction happening now: %s', (text) => {
    expect(labelsOf(text)).toContain('medical_safety');
  });
});

describe('high_stakes: a price searched by is not money at stake', () => {
  const detect = compileHighStakes({ amountThreshold: 500, currency: 'USD' });
  const labelsOf = (text: string) => detect(viewText(text), { role: 'customer', text, at: '' }).labels ?? [];

  it.each([
    '你好，帮我找一家价格在1000元以上的酒店。',
    '麻烦你再推荐一个人均消费在500到1000元的餐馆吧',
    'Find me a hotel with a budget of $800 per night',
    'Any flights under $900?',
  ])('%s', (text) => {
    expect(labelsOf(text)).not.toContain('amount');
  });

  it.each(['I was charged $900 twice', 'I sent 2000 EUR to the wrong account', '你们多扣了我1000元'])(
    'money at stake: %s',
    (text) => {
      expect(labelsOf(text)).toContain('amount');
    },
  );
});

describe('high_stakes: an expense claim is not a refund', () => {
  const detect = compileHighStakes({});
  const labelsOf = (text: string) => detect(viewText(text), { role: 'customer', text, at: '' }).labels ?? [];
  it.each([
    ['I need my travel expenses reimbursed', false],
    ['how do I get reimbursed for business travel?', false],
    ['please submit my expense claim for the hotel', false],
    ['I want to be reimbursed for the broken blender', true],
    ['i need reimbursed food', false],
    ['i need reimbursed flights hotels food etc', false],
    ['please reimburse my cancelled flight', true],
  ])('%s → refund %s', (text, refund) => {
    expect(labelsOf(text).includes('refund')).toBe(refund);
  });
});

describe('high_stakes: a word that looks like an act on an account', () => {
  const labelsOf = (text: string) => read(text).labels ?? [];
  it.each<[string, string, boolean]>([
    ['my account no is 3236 other end account no 2889', 'cancellation', false],
    ['the money is on my end account wise', 'cancellation', false],
    ['please end my account', 'cancellation', true],
    ['i would like to have the charge removed from my account', 'cancellation', false],
    ['i would like to have the charge removed from my account', 'refund', true],
    ['please remove my account', 'cancellation', true],
    ['kindly block my card', 'cancellation', false],
    ['kindly block my card', 'lost_card', true],
    ['please freeze my account', 'cancellation', true],
    ['someone stole my card number and bought things', 'account_security', true],
    ['my card is being used by someone else', 'account_security', true],
    ['i lost my credit card', 'account_security', false],
  ])('%s → %s %s', (text, topic, expected) => {
    expect(labelsOf(text).includes(topic)).toBe(expected);
  });
});
