/**
 * How customers answer a service that fails them, by behaviour: refusing what it proposed,
 * correcting it, saying they already said it, asking for something else, giving up, not
 * following. Phrase syntax: see lexicon-matcher.ts. Refusals count only at the start of a turn
 * ("No, ..."), where they answer the agent; the rest anywhere.
 */

/** Openings that refuse or negate what the agent just put forward. */
// prettier-ignore
export const REFUSAL_OPENINGS = [
  'no', 'nope', 'nah', 'negative', 'not now', 'not really', 'not right now', 'not at the moment',
  'not interested', "i don't want", 'i do not want', "i don't think so", "don't want", 'none of',
  "that won't work", "that wouldn't work", "that doesn't work", 'not that one', 'no thanks',
  'no thank you', 'neither',
  'nein', 'non', 'não', 'nao', 'no gracias', 'no grazie', 'nicht',
];

/** The customer sets the agent straight. */
// prettier-ignore
export const CORRECTIONS = [
  "that's not right", 'that is not right', 'not right', "that's wrong", 'that is wrong', 'wrong',
  'incorrect', 'not correct', "that's not correct", 'not what i', 'i meant', 'i said', 'i asked for',
  'actually', 'instead', 'rather', 'not good', 'mistake', 'you got it wrong', 'you misunderstood',
  'no i want', 'no i need', 'no i said',
  'falsch', 'stimmt nicht', 'eigentlich', 'incorrecto', 'equivocado', 'en realidad', 'faux',
  'incorrect', 'en fait', 'sbagliato', 'errato', 'in realtà', 'errado', 'na verdade',
];

/** The customer says they already said it. */
// prettier-ignore
export const ALREADY_SAID = [
  'already told', 'already said', 'already asked', 'already gave', 'already mentioned', 'as i said',
  'like i said', 'i just said', 'i told you', 'as i mentioned', 'i said that', 'how many times',
  'ya te dije', 'ya lo dije', 'ya dije', 'déjà dit', 'schon gesagt', 'già detto', 'já disse',
];

/** The customer asks for another try or other options: what came was not it. */
// prettier-ignore
export const ASK_AGAIN = [
  'try again', 'search again', 'look again', 'check again', 'more options', 'other options',
  'something else', 'anything else', 'any other', 'more suggestions', 'other suggestions', 'another one',
  'different one', 'still', 'too early', 'too late', 'too expensive', 'too high', 'too far',
];

/** The customer gives up on the service. */
// prettier-ignore
export const GIVE_UP = [
  'never mind', 'nevermind', 'forget it', 'forget about it', 'i give up', "don't bother",
  'do not bother', 'go elsewhere', 'whatever', 'not worth it', "i'll do it myself",
  'i will do it myself', 'olvídalo', 'déjalo', 'laisse tomber', 'oublie', 'vergiss es',
  'lascia perdere', 'esquece', 'deixa pra lá',
];

/** The customer does not follow the agent, or wonders whether it is there at all. */
// prettier-ignore
export const LOST = [
  'what do you mean', 'i don\'t understand', 'i do not understand', 'makes no sense', 'huh',
  'are you there', 'are you still there', 'are you still with me', 'you there', 'excuse me',
  'come again', 'what do you', 'no sense',
];

/** A turn of one or two of these words does not follow the agent ("what?", "huh"). */
export const LOST_ALONE = new Set([
  'what',
  'huh',
  'hello',
  'hmm',
  'eh',
  'pardon',
  'sorry',
  'que',
  'quoi',
  'was',
  'cosa',
]);

/** Words that aim a turn at the service rather than at a product or a topic. */
// prettier-ignore
export const SERVICE_WORDS = [
  'you', "you're", 'your', 'yours', 'bot', 'chatbot', 'assistant', 'agent', 'service', 'support',
  'app', 'website', 'site', 'system', 'company', 'this chat', 'u', 'ur',
];
