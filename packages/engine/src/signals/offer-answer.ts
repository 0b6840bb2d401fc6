/**
 * The customer's reply after the agent offered a person ("Would you like me to connect you with
 * someone?"): yes, no, or something else (a new question, "maybe", "how long is the wait?"). A new
 * request for a person (or a team) counts as yes; a refusal counts as no even when a question follows it
 * ("no thanks, but what's my balance?").
 *
 * A yes counts only when the whole reply is an answer to "do you want a person?": "yes please,
 * connect me" is, "ok, so about the refund…" and "sure, for four people" are not (the opening word
 * acknowledges, the rest moves on or answers another question).
 */
import type { TextView } from '../text.ts';
import { detectHumanRequest } from './human-request.ts';
import { WORD_END } from './lexicon-human-request.ts';

export type OfferAnswer = 'accept' | 'decline';

/** Fillers a reply may open with: "um, yes", "well no". */
const OPENING = String.raw`^(?:(?:um+|uh+|erm+|well|hmm+|oh|ah|so|hi|hey|hello)[\s,.!]+)*`;

const DECLINE_START = new RegExp(
  OPENING +
    String.raw`(?:no(?!\s*(?:problem|prob|worries)\b)|nope|nah|naw|n(?=[\s!.]*$)|not (?:now|yet|really|today|right now|necessary|needed|at the moment|for now|interested)|never ?mind|nvm|no need|i'?ll pass|pass|maybe (?:later|another time|next time)|later|(?:i'?m|i am) (?:fine|good|ok|okay|alright|all set|all good)(?! with)|all good|it'?s (?:fine|ok|okay|alright)(?! with)|(?:i )?(?:don'?t|do not) (?:need|want|bother|worry|connect|transfer)|(?:i )?(?:would|'d) rather not|that'?s not necessary|i'?ll (?:wait|manage|figure it out|try (?:again )?later|keep trying)|non|nein|nee|não|nao|ningún|ninguno|niet)` +
    WORD_END,
  'u',
);

/** Refusals anywhere in a short reply: "thanks but no thanks", "I think I'm fine". */
const DECLINE_ANYWHERE =
  /(?<![\p{L}])(?:no thanks?|no thank you|not now|not necessary|not needed|no need|i'?m (?:fine|good|all set)(?! with)|never ?mind|gracias,? no|ahora no|no hace falta|no gracias|non merci|pas (?:maintenant|besoin|la peine|n[ée]cessaire)|nein,? danke|nicht n[öo]tig|nicht jetzt|non grazie|non serve|non ora|n[ãa]o,? obrigad[oa]|agora n[ãa]o|n[ãa]o precisa)(?![\p{L}])|不用|不要|不需要|算了|不了|先不|いいえ|結構です|👎/u;

const ACCEPT_START = new RegExp(
  OPENING +
    String.raw`(?:yes|yeah|yea|yep|yup|ya|yah|(?:y|k)(?=[\s!.]*$)|ye|sure|ok|okay|okey|kk|alright|all right|absolutely|definitely|certainly|of course|please|pls|plz|go ahead|go for it|do it|do that|let'?s do (?:it|that)|sounds (?:good|great|fine)|that (?:would|'d) be (?:great|good|nice|helpful|perfect|lovely)|that'?d be (?:great|good|nice|helpful|perfect|lovely)|that works|that'?s fine|(?:i'?m|i am) (?:ok|okay|fine|good) with (?:that|it)|perfect|great|fine|connect me|transfer me|put me through|i would|i'?d like that|i'?d love that|no problem|sí|si|claro|vale|por favor|de acuerdo|dale|bueno|oui|ouais|d'accord|volontiers|ja|jawohl|gerne?|bitte|klar|sì|certo|va bene|certamente|sim|pode ser|pode|com certeza|isso)` +
    WORD_END,
  'u',
);

/** Chinese and Japanese, and a thumbs-up. */
const ACCEPT_OTHER =
  /^(?:(?:好的?|可以|行|是的?|嗯+|要|需要|麻烦你?了?|麻煩你?了?|转吧|轉吧)(?:的|吧|啊|呀)?(?=[\s,，。.!！]|$)|はい|お願い|👍|👌)/u;

/**
 * The words a yes may carry on with and still only answer the offer: politeness, the act of
 * connecting, the person, and when ("yes please, connect me with someone now, thanks").
 */
// prettier-ignore
const ANSWER_WORDS = new Set(`
  yes yeah yep yup ya sure ok okay alright right please pls plz thanks thank thx you ty so much very
  go ahead do it that this would be 'd that'd that's great good nice helpful perfect fine lovely works
  sounds connect me transfer put through to with a an the person human someone somebody agent
  representative rep operator people real live now asap away i i'd i'm am like love want need let's
  let us get happy thats definitely absolutely certainly of course course yes, por favor gracias claro
  merci bitte danke grazie obrigado obrigada sí si oui ja sim vale bueno d'accord
`.trim().split(/\s+/));

/** Whether every word after the opening yes belongs to an answer (at most one other word is allowed). */
function onlyAnswers(view: TextView, openingLength: number): boolean {
  const rest = view.lower.slice(openingLength);
  const words = rest.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? [];
  let others = 0;
  for (const word of words) if (!ANSWER_WORDS.has(word)) others++;
  return others <= 1 && !/[?？]/u.test(rest);
}

/** CJK politeness that may follow a yes ("好的，谢谢", "可以，麻烦了", "转人工吧"). */
const CJK_TAIL =
  /^[\s,，。.!！~～]*(?:谢谢|謝謝|麻烦了?|麻煩了?|转人工|轉人工|人工|吧|了|啊|呀|的|请|請|[\s,，。.!！~～])*$/u;

/** Classifies the customer's reply to an offer of a person as accept, decline, or null (neither). */
export function classifyOfferAnswer(view: TextView): OfferAnswer | null {
  const text = view.lower;
  if (text.length === 0) return null;
  // Any request for a person (explicit, a team, "not a bot") answers the offer with yes.
  if (detectHumanRequest(view).score > 0) return 'accept';
  if (DECLINE_START.test(text)) return 'decline';
  if (DECLINE_ANYWHERE.test(text)) return 'decline';
  const accepted = ACCEPT_START.exec(text);
  if (accepted !== null) return onlyAnswers(view, accepted[0].length) ? 'accept' : null;
  const acceptedOther = ACCEPT_OTHER.exec(text);
  if (acceptedOther !== null) return CJK_TAIL.test(text.slice(acceptedOther[0].length)) ? 'accept' : null;
  return null;
}

/** An agent's turn that relays Baton's offer: it speaks of a person, of connecting or transferring. */
const RELAYS_OFFER =
  /\b(?:person|people|human|someone|somebody|colleague|agent|representative|operator|specialist|team|connect|transfer|hand (?:you )?over)\b|人工|客服|转接|轉接|同事|persona|personne|mensch|persona|pessoa/u;

/**
 * Whether an agent turn asks the customer something other than the offer ("How many people?"):
 * the customer's next turn then answers the agent, not the offer.
 */
export function asksSomethingElse(view: TextView): boolean {
  return /[?？]/u.test(view.lower) && !RELAYS_OFFER.test(view.lower);
}
