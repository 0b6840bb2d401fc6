import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HUMAN_REQUEST_SCORES, detectHumanRequest } from '../src/signals/human-request.ts';
import { viewText } from '../src/text.ts';

const read = (text: string) => detectHumanRequest(viewText(text));

/**
 * Each language's request as parts: a request form, a person, and what closes the sentence. Any
 * form with any person must read as a request; written for these tests from each language's grammar.
 */
const grammar: Record<string, { forms: string[]; persons: string[]; ends: string[] }> = {
  en: {
    forms: [
      'I want to talk to',
      'can I speak with',
      'let me talk to',
      'connect me with',
      'put me through to',
      'I need to speak to',
      "I'd like to chat with",
      'could you transfer me to',
    ],
    persons: [
      'a human',
      'a real person',
      'an agent',
      'a representative',
      'an operator',
      'your manager',
      'a supervisor',
      'someone',
      'a live agent',
      'one of your advisers',
    ],
    ends: ['', '?', ' please', ' now!'],
  },
  es: {
    forms: [
      'quiero hablar con',
      'necesito hablar con',
      '¿puedo hablar con',
      'pásame con',
      'comuníqueme con',
      'quisiera hablar con',
      'me gustaría hablar con',
      'por favor, transfiéreme a',
    ],
    persons: [
      'una persona',
      'un agente',
      'un humano',
      'alguien',
      'un asesor',
      'una operadora',
      'un representante',
      'una persona real',
      'algún supervisor',
    ],
    ends: ['', '?', ' por favor', ', ya'],
  },
  fr: {
    forms: [
      'je veux parler à',
      'je voudrais parler à',
      'puis-je parler à',
      'mettez-moi en relation avec',
      "j'ai besoin de parler à",
      'est-ce que je peux discuter avec',
      'passez-moi',
    ],
    persons: [
      'un humain',
      'une personne',
      'un conseiller',
      "quelqu'un",
      'un agent',
      'un opérateur',
      'une vraie personne',
      'une conseillère',
    ],
    ends: ['', ' ?', ' svp', ", s'il vous plaît"],
  },
  it: {
    forms: [
      'voglio parlare con',
      'vorrei parlare con',
      'posso parlare con',
      'ho bisogno di parlare con',
      'mi passi',
      'mi metta in contatto con',
      'potrei parlare con',
    ],
    persons: [
      'un operatore',
      'una persona',
      'qualcuno',
      'un consulente',
      'un umano',
      "un'operatrice",
      'una persona vera',
    ],
    ends: ['', '?', ' per favore', ', grazie'],
  },
  pt: {
    forms: [
      'quero falar com',
      'preciso falar com',
      'posso falar com',
      'gostaria de falar com',
      'me transfere para',
      'me passa para',
      'queria conversar com',
    ],
    persons: [
      'um atendente',
      'uma pessoa',
      'alguém',
      'um humano',
      'um agente',
      'uma atendente',
      'um operador',
      'uma pessoa real',
    ],
    ends: ['', '?', ' por favor', ', obrigado'],
  },
};

/** German and Dutch put the verb last: "ich möchte | mit einem Menschen | sprechen". */
const verbLast: Record<string, { forms: string[]; persons: string[]; verbs: string[] }> = {
  de: {
    forms: [
      'ich möchte mit',
      'ich will mit',
      'kann ich mit',
      'könnte ich bitte mit',
      'ich würde gerne mit',
      'darf ich mit',
    ],
    persons: [
      'einem Menschen',
      'einem Mitarbeiter',
      'einer Mitarbeiterin',
      'einem Berater',
      'jemandem',
      'einer echten Person',
      'einem echten Menschen',
      'Ihrem Kundenberater',
    ],
    verbs: ['sprechen', 'reden', 'sprechen?', 'chatten'],
  },
  nl: {
    forms: ['ik wil met', 'kan ik met', 'mag ik met', 'ik zou graag met', 'ik moet met'],
    persons: [
      'een medewerker',
      'een mens',
      'iemand',
      'een adviseur',
      'een echte medewerker',
      'een echt persoon',
    ],
    verbs: ['spreken', 'praten', 'spreken?', 'chatten'],
  },
};

/** Chinese and Japanese join the parts without spaces. */
const joined: Record<string, { forms: string[]; persons: string[]; ends: string[] }> = {
  zh: {
    forms: ['我要', '我想找', '能不能转', '请帮我转接', '可以转', '帮我转'],
    persons: ['人工', '真人', '人工客服', '客服人员', '工作人员'],
    ends: ['', '吗', '吧', '！', '，谢谢'],
  },
  ja: {
    forms: ['', 'すみません、'],
    persons: ['人間', 'オペレーター', '担当者', 'スタッフ', '人間のスタッフ'],
    ends: ['と話したい', 'と話したいです', 'に繋いでください', 'につないでほしい', 'と話せますか'],
  },
};

const requestIn = (lang: string): fc.Arbitrary<string> => {
  const spaced = grammar[lang];
  if (spaced)
    return fc
      .tuple(
        fc.constantFrom(...spaced.forms),
        fc.constantFrom(...spaced.persons),
        fc.constantFrom(...spaced.ends),
      )
      .map(([form, person, end]) => `${form} ${person}${end}`);
  const last = verbLast[lang];
  if (last)
    return fc
      .tuple(fc.constantFrom(...last.forms), fc.constantFrom(...last.persons), fc.constantFrom(...last.verbs))
      .map(([form, person, verb]) => `${form} ${person} ${verb}`);
  const cjk = joined[lang]!;
  return fc
    .tuple(fc.constantFrom(...cjk.forms), fc.constantFrom(...cjk.persons), fc.constantFrom(...cjk.ends))
    .map(([form, person, end]) => `${form}${person}${end}`);
};

/** Something said before the request, in the same language, that changes nothing. */
const before: Record<string, string[]> = {
  en: ['', 'This is not working. ', 'hi, ', 'my order never arrived, '],
  es: ['', 'Esto no funciona. ', 'hola, ', 'mi pedido no llegó, '],
  fr: ['', 'Ça ne marche pas. ', 'bonjour, ', "ma commande n'est pas arrivée, "],
  it: ['', 'Non funziona. ', 'ciao, ', 'il mio ordine non è arrivato, '],
  pt: ['', 'Isso não funciona. ', 'olá, ', 'meu pedido não chegou, '],
  de: ['', 'Das funktioniert nicht. ', 'hallo, ', 'meine Bestellung ist nicht angekommen, '],
  nl: ['', 'Dit werkt niet. ', 'hallo, ', 'mijn bestelling is niet aangekomen, '],
  zh: ['', '这个没用。', '你好，', '我的订单没到，'],
  ja: ['', '注文が届きません。', 'こんにちは、'],
};

describe('human_request composes a form and a person in every language', () => {
  for (const lang of Object.keys(before)) {
    it(`${lang}: any form with any person hands off`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...before[lang]!), requestIn(lang), (prefix, request) => {
          const reading = read(prefix + request);
          expect(reading.score, prefix + request).toBe(HUMAN_REQUEST_SCORES.explicit);
          expect(reading.evidence.length).toBeGreaterThan(0);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('human_request traps, per language', () => {
  // Negation, questions about the bot and third parties that only look like requests.
  const notRequests: Record<string, string[]> = {
    en: [
      "I don't want to talk to a human",
      'no need to put me through to an agent',
      'I never asked to speak with a manager',
      'our travel agent booked the hotel',
      'I am the manager on this account',
      'human resources asked for my payslip',
      'the real estate agent has the keys',
      'thanks for talking to support with me',
      'is there a fee for speaking to customer service?',
    ],
    es: [
      'no quiero hablar con una persona',
      'no necesito hablar con un agente',
      'mi agente inmobiliario me llamó',
      'el agente de viajes cambió el vuelo',
      'soy el gerente de la tienda',
      'quiero reservar para dos personas',
      'recursos humanos me escribió',
    ],
    fr: [
      'je ne veux pas parler à un conseiller',
      'pas besoin de parler à quelqu’un',
      'mon agent immobilier a appelé',
      "l'agent de voyage a tout réservé",
      'il n’y a personne à la maison',
      'je suis le responsable du compte',
    ],
    de: [
      'ich möchte nicht mit einem Mitarbeiter sprechen',
      'ich brauche keinen Berater',
      'die Personalabteilung hat angerufen',
      'mein Versicherungsvertreter kommt morgen',
      'ich bin der Manager hier',
      'ein Tisch für zwei Personen bitte',
    ],
    it: [
      'non voglio parlare con un operatore',
      'non ho bisogno di una persona',
      "l'agente immobiliare non risponde",
      "l'agente di viaggio ha cambiato il volo",
      "c'è una persona alla reception",
      'le risorse umane mi hanno scritto',
    ],
    pt: [
      'não quero falar com um atendente',
      'não preciso de uma pessoa',
      'meu agente de viagens cancelou',
      'sou o gerente da loja',
      'mesa para duas pessoas',
    ],
    nl: [
      'ik wil niet met een medewerker spreken',
      'ik heb geen mens nodig',
      'mijn reisagent heeft geboekt',
      'ik ben de manager',
    ],
    zh: ['不用转人工', '我不想找客服', '人工智能是什么', '提醒我明天打电话给我的姐姐', '我是经理'],
    ja: ['オペレーターは不要です', '人間と話したくない', '人工知能について教えて'],
  };
  for (const [lang, texts] of Object.entries(notRequests)) {
    it.each(texts)(`${lang}: not a request: %s`, (text) => {
      expect(read(text).score).toBe(0);
    });
  }

  const botQuestions: Record<string, string[]> = {
    en: ['are you a bot?', 'am I talking to a real person?'],
    es: ['¿eres humano?', '¿estoy hablando con una máquina?'],
    fr: ['es-tu un robot ?', 'êtes-vous humain ?'],
    de: ['bist du ein Roboter?', 'rede ich mit einer Maschine?'],
    it: ['sei un robot?', 'sto parlando con una macchina?'],
    pt: ['você é um robô?', 'estou falando com uma máquina?'],
    nl: ['ben je een robot?', 'ben jij een mens?'],
    zh: ['你是机器人吗', '你是真人吗'],
    ja: ['あなたはロボットですか', 'あなたは人間ですか'],
  };
  for (const [lang, texts] of Object.entries(botQuestions)) {
    it.each(texts)(`${lang}: a question about the bot scores 0: %s`, (text) => {
      const reading = read(text);
      expect(reading.score).toBe(0);
      expect(reading.labels).toContain('bot_question');
    });
  }

  // A service named alone gets an offer; asking to be put through to it hands off.
  const services: [lang: string, alone: string, transfer: string][] = [
    ['en', 'customer service please', 'put me through to customer service'],
    ['es', 'atención al cliente', 'quiero hablar con atención al cliente'],
    ['fr', 'service client svp', 'je veux parler au service client'],
    ['de', 'Kundenservice bitte', 'verbinden Sie mich mit dem Kundenservice'],
    ['it', 'servizio clienti', 'vorrei parlare con il servizio clienti'],
    ['pt', 'suporte por favor', 'quero falar com o suporte'],
    ['nl', 'klantenservice graag', 'verbind me door met de klantenservice'],
    ['zh', '客服', '转客服'],
  ];
  it.each(services)(
    '%s: a service alone is an offer, a transfer to it a handoff',
    (_lang, alone, transfer) => {
      const named = read(alone);
      expect(named.score).toBe(HUMAN_REQUEST_SCORES.service);
      expect(named.labels).toContain('service');
      expect(read(transfer).score).toBeGreaterThanOrEqual(HUMAN_REQUEST_SCORES.department);
    },
  );

  it('only ever scores one of its grades', () => {
    const grades = new Set<number>([0, ...Object.values(HUMAN_REQUEST_SCORES)]);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (text) => {
        expect(grades.has(read(text).score)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
