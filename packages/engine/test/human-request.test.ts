import { describe, expect, it } from 'vitest';
import { detectHumanRequest } from '../src/signals/human-request.ts';
import * as lexicon from '../src/signals/lexicon-human-request.ts';
import { firstMatchAtWords } from '../src/signals/lexicon-human-scan.ts';
import { viewText } from '../src/text.ts';

const read = (text: string) => detectHumanRequest(viewText(text));

// Sentences written for these tests (not taken from the evaluation data).
const explicitRequests: Record<string, string[]> = {
  english: [
    'talk to a human',
    'Real person please',
    'agent please',
    'AGENT!!!',
    'representative',
    'I want a representative',
    'let me speak to your manager',
    'can you call me back?',
    'please call me',
    'operator',
    'can I speak with someone about my bill',
    "I'd like a real person",
    'get me a live agent now',
    'is there a human I can talk to?',
    'do you have real people working there?',
    'Can you transfer me to a human?',
    'put me through to one of your advisers',
    'hand me over to a human please',
    'This bot is useless. Human!',
    'could somebody else take a look at my claim?',
    'I need to speak to a supervisor right now',
    'why dont you connect me to a person',
    'I dont understand you, can I talk to a person?',
    'I would like a callback tomorrow',
    'please escalate this',
    'Any real humans here?',
    'put a human on',
    'Can someone real help me?',
    'Can you get a human for me?',
    'Is a real person available?',
    'is anyone there who can help?',
    'I need assistance from a human',
    'I need human help',
    'human support please',
  ],
  typos: [
    'i want to talk to a humna',
    'reprensentative',
    'aget please',
    'can i spaek with somneone',
    'talk to a persn',
  ],
  colloquial: [
    'gimme a human',
    'lemme talk to a real person already',
    'i wanna talk to a human',
    'u got any humans there?',
  ],
  spanish: [
    'quiero hablar con una persona',
    'pásame con un asesor',
    'necesito hablar con alguien',
    'llámenme por favor',
  ],
  french: [
    'je veux parler à un conseiller',
    'passez-moi un conseiller svp',
    'je voudrais parler à une vraie personne',
  ],
  german: [
    'ich möchte mit einem Mitarbeiter sprechen',
    'Verbinden Sie mich mit einem Menschen',
    'rufen Sie mich bitte zurück',
  ],
  italian: [
    'vorrei parlare con un operatore',
    'mi passi un operatore per favore',
    'posso parlare con una persona?',
  ],
  portuguese: [
    'quero falar com um atendente',
    'me passa para um atendente humano',
    'preciso falar com alguém',
  ],
  chinese: ['转人工', '我要人工客服', '我想和真人说话', '请帮我转接人工'],
};

const notRequests: Record<string, string[]> = {
  negation: [
    "I don't need a person",
    'no need for an agent',
    "I don't want to speak to a human, just answer",
    "No need to transfer me, I'm fine",
    "I'd rather not talk to a person",
    'no quiero hablar con nadie',
    'no necesito hablar con una persona',
    'je ne veux parler à personne',
    "je n'ai pas besoin de parler à un conseiller",
    'ich möchte nicht mit einem Mitarbeiter sprechen',
    'non voglio parlare con nessuno',
    'não quero falar com ninguém',
    '不用转人工',
    '不需要人工',
  ],
  unrelated: [
    'human resources sent me a letter',
    'I need a travel agent',
    'my insurance agent called me',
    'I am the account manager',
    'my manager approved it',
    'the operator of the website is down',
    'someone stole my card',
    'can someone help me reset my pin?',
    'I sent money to a person but they did not get it',
    'I made a transfer to someone yesterday',
    'I spoke to an agent yesterday and they said it was fixed',
    'I was talking to someone at the branch earlier',
    'do I need to speak to a representative to change my pin?',
    'ask an agent how to open an account',
    'you can call me Bob',
    'I will call you back',
    'we need manager approval for this refund',
    'What is the operator fee?',
    'I need a person to sign for the delivery',
    'Does the app support dark mode?',
    'Is anyone else having this problem?',
    'I want one person in the room, two nights',
    'I need to contact the person I sent money to',
    '人工智能是什么',
    'How can I contact customer service?',
    'what is the phone number of customer support?',
  ],
};

const botQuestions = [
  'are you a robot?',
  'am I talking to a human?',
  'is this a bot?',
  'r u a real person',
  '¿eres un robot?',
  'êtes-vous un robot ?',
  'bist du ein Bot?',
  'sei un robot?',
  'você é um robô?',
  '你是机器人吗',
];

describe('detectHumanRequest', () => {
  for (const [group, texts] of Object.entries(explicitRequests)) {
    it.each(texts)(`fires on an explicit request (${group}): %s`, (text) => {
      const reading = read(text);
      expect(reading.score).toBe(1);
      expect(reading.values?.explicit).toBe(1);
      expect(reading.evidence.length).toBeGreaterThan(0);
    });
  }

  for (const [group, texts] of Object.entries(notRequests)) {
    it.each(texts)(`does not fire (${group}): %s`, (text) => {
      expect(read(text).score).toBe(0);
    });
  }

  it.each(botQuestions)('labels a question about the bot and scores it 0: %s', (text) => {
    const reading = read(text);
    expect(reading.score).toBe(0);
    expect(reading.labels).toContain('bot_question');
  });

  it.each([
    ['are you a robot? I want a real person', 'want a real person'],
    ['am I talking to a bot? let me talk to a human', 'talk to a human'],
  ])('a request beside a question about the bot still fires: %s', (text, words) => {
    const reading = read(text);
    expect(reading.score).toBe(1);
    expect(reading.labels).not.toContain('bot_question');
    expect(reading.evidence.join(' | ')).toContain(words);
  });

  it.each([
    ['transfer me to the spa team', 0.9],
    ['could you put me through to reception', 0.9],
    ['I want to talk to customer service', 0.9],
    ['I need to speak to someone at the restaurant', 1],
  ])('labels a transfer to a department: %s', (text, score) => {
    const reading = read(text);
    expect(reading.score).toBe(score);
    expect(reading.labels).toContain('department');
    expect(reading.values?.department).toBe(1);
  });

  it.each([
    ["I don't want to talk to a machine", 0.6],
    ['stop talking to me like a bot, I am sick of talking to bots', 0.6],
  ])('grades a refusal of the bot below an explicit request: %s', (text, score) => {
    const reading = read(text);
    expect(reading.score).toBe(score);
    expect(reading.values?.explicit).toBe(0);
    expect(reading.labels).toContain('bot_rejection');
  });

  it('labels callbacks', () => {
    expect(read('please call me back tomorrow').labels).toContain('callback');
    expect(read('talk to a human').labels).not.toContain('callback');
  });

  it('quotes the words as the customer typed them, typos included', () => {
    expect(read('Can I talk to a humna please?').evidence).toEqual(['talk to a humna']);
    expect(read('i want to talk toan person').evidence).toEqual(['talk toan person']);
  });

  it.each([
    '',
    ' ',
    '😡😡😡',
    'أريد التحدث مع شخص',
    '\u0000\u0007\u202e agent \u202c',
    'a'.repeat(100_000),
    'talk to a human '.repeat(10_000),
    'someone human agent to the '.repeat(5_000),
    '\uD800 unpaired surrogate',
  ])('never throws and stays in range on odd input (%#)', (text) => {
    const reading = read(text);
    expect(reading.score).toBeGreaterThanOrEqual(0);
    expect(reading.score).toBeLessThanOrEqual(1);
  });

  // The English patterns are tried only at their start words; a start word missing from a list would
  // silently lose every sentence that begins that way. A full scan must find nothing earlier.
  const stickyPatterns = [
    ['explicit', lexicon.EXPLICIT_REQUEST, lexicon.EXPLICIT_REQUEST_STARTS],
    ['department', lexicon.DEPARTMENT_REQUEST, lexicon.DEPARTMENT_REQUEST_STARTS],
    ['department of person', lexicon.DEPARTMENT_OF_PERSON, lexicon.DEPARTMENT_OF_PERSON_STARTS],
    ['bot rejection', lexicon.BOT_REJECTION, lexicon.BOT_REJECTION_STARTS],
    ['bot question', lexicon.BOT_QUESTION, lexicon.BOT_QUESTION_STARTS],
  ] as const;
  const sentences = [
    ...Object.values(explicitRequests).flat(),
    ...Object.values(notRequests).flat(),
    ...botQuestions,
    'is there a person available?',
    'do you have any real humans?',
    'can a human help me with this',
    'could somebody call me back',
    'I need human assistance',
    'where is your supervisor',
    'send me to a human',
    'u got anyone there?',
    "there's nobody I can talk to",
    'no more bots please',
    "I'm not comfortable talking to a machine",
    'enough of these automated replies',
    'who am I chatting with?',
    "i'm chatting with a bot, right?",
    'speak to someone from the billing team',
    'Any real humans here?',
    'put a human on',
    'Can someone real help me?',
    'Can you get a human for me?',
    'Is a real person available?',
    'is anyone there who can help?',
    'I need assistance from a human',
    'is a human there',
    'Is there a live agent?',
    'Is someone from support available?',
    'Hook me up with a real person',
    'please get a human',
    'Get a human',
  ];
  it.each(stickyPatterns)(
    'the %s pattern is tried at every word it can start with',
    (_name, pattern, starts) => {
      const fullScan = new RegExp(pattern.source, 'gu');
      for (const sentence of sentences) {
        const view = viewText(sentence);
        fullScan.lastIndex = 0;
        const full = fullScan.exec(view.lower);
        const atWords = firstMatchAtWords(view.lower, view.words, starts, pattern);
        expect(atWords?.[0] ?? null, sentence).toBe(full?.index ?? null);
      }
    },
  );
});
