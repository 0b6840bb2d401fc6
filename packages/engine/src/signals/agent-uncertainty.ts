/**
 * The agent's own words say it is failing or unsure. A fallback ("I didn't understand", "could you
 * rephrase", "I can't help with that", "I don't have access to") means the agent did not answer;
 * a hedge ("I'm not sure", "I might be wrong") means it answered without confidence. Both are said
 * in the first person, so "if you're not sure" or "I'm sure we can fix this" do not count.
 *
 * Two kinds of "no" are not uncertainty. A task the agent reports it could not complete ("I was
 * unable to book that time", "something went wrong") is a failure the agent is sure of: it counts
 * towards repeated_failure, not here. An answer that nothing matches ("I couldn't find any
 * flights", "there are no tables left", "it's not available") is information, not a failure.
 * And a fallback or hedge followed in the same turn by a way forward ("I don't know, but I can
 * order you a coffee", "I didn't understand: which city?") is the agent steering, so it scores
 * under the default offer threshold.
 *
 * Score: 1 for a fallback, 0.6 for a strong hedge, 0.4 for a fallback with a way forward, 0.3 for a
 * weak hedge ("I believe", "probably") or a hedge with a way forward. `values.failure` is 1 for a
 * fallback or a failed task (what repeated_failure counts). "Nothing matches" answers match no
 * pattern: "find", "see" and "locate" are not among the verbs of a failure.
 */
import type { TextView } from '../text.ts';
import type { SignalReading } from '../types.ts';
import { WORD_END, WORD_START } from './lexicon-human-request.ts';
import { firstMatchAtWords, wordSet } from './lexicon-human-scan.ts';

export const AGENT_UNCERTAINTY_SCORES = {
  fallback: 1,
  strongHedge: 0.6,
  redirectedFallback: 0.4,
  weakHedge: 0.3,
} as const;

const either = (...parts: string[]): string => `(?:${parts.join('|')})`;
const compile = (...parts: string[]): RegExp => new RegExp(WORD_START + either(...parts) + WORD_END, 'uy');

/** "I", "I'm", "we", with the contractions customers and models both write. */
const I_NOT = String.raw`(?:i|we)(?:\s+(?:really|just|simply|still|currently|unfortunately))?\s+(?:don'?t|do not|didn'?t|did not|can'?t|cannot|can not|couldn'?t|could not|wasn'?t|was not|am not|'m not|are not|'re not|won'?t|will not)`;
const I_CANNOT = String.raw`(?:i|we)(?:\s+(?:really|just|simply|still|currently|unfortunately))?\s+(?:can'?t|cannot|can not|couldn'?t|could not|won'?t be able to|will not be able to|am not able to|'m not able to|was not able to|wasn'?t able to)`;
const I_AM_UNABLE = String.raw`(?:i'?m|i am|i was|i have been|i've been|we'?re|we are|we were)\s+(?:(?:afraid|sorry|unfortunately),?\s+(?:(?:that )?(?:i|we)\s+)?(?:'m|am|are)?\s*)?(?:unable|not able|not allowed|not permitted|not authori[sz]ed|not in a position|not equipped)`;

const FALLBACK = compile(
  // did not understand
  String.raw`${I_NOT}\s+(?:quite\s+|fully\s+|really\s+)?(?:understand|recogni[sz]e|comprehend)`,
  String.raw`${I_NOT}\s+(?:quite\s+|really\s+)?(?:follow|catch)\s+(?:that|it|you|what you|your (?:question|request|message|last message|query)|the question)`,
  // "I didn't get that" is not understanding; "I can't get that appointment" is a failed task.
  String.raw`(?:i|we)\s+(?:don'?t|do not|didn'?t|did not)\s+(?:quite\s+|really\s+)?get\s+(?:that|it|you|what you|your (?:question|request|message|last message|query)|the question)`,
  String.raw`(?:sorry|apologies),? (?:i )?(?:didn'?t|did not|don'?t|do not) (?:get|understand|follow|catch) (?:that|this|it|you)`,
  String.raw`(?:i'?m|i am) not sure (?:what|i) (?:you mean|you(?:'re| are) (?:asking|referring|looking)|understand|follow)`,
  String.raw`(?:could|can|would|will) you (?:please\s+)?(?:rephrase|reword|restate|repeat|say (?:that|it) (?:again|differently|another way|in another way)|try (?:rephrasing|asking (?:it )?(?:differently|another way))|clarify what you mean|clarify your (?:question|request))`,
  String.raw`(?:please\s+)?(?:try\s+)?(?:rephras(?:e|ing)|reword(?:ing)?) (?:your|the|that|it)`,
  // cannot help: what the agent is not able or allowed to do at all
  String.raw`(?:${I_CANNOT}|${I_AM_UNABLE})(?:\s+to)?\s+(?:help|assist|answer|handle|support|resolve|do (?:that|this|it|so)|process|access|look up|retrieve|provide|perform|approve|verify|view|pull up|load|connect)(?!\s+but)`,
  String.raw`${I_NOT}\s+have\s+(?:the\s+)?(?:access|ability|permission|visibility|information|enough information|that information|the information|an answer|any information|the tools|a way|the means|details)`,
  String.raw`(?:i|we) have no (?:access|way|information|means|visibility|record|answer)`,
  String.raw`(?:that'?s|that is|this is|it'?s|it is) (?:outside|beyond|not (?:within|part of)) (?:my|what i|the scope|what we)`,
  String.raw`(?:that'?s|that is|this is) not something (?:i|we) (?:can|am able to|'m able to)`,
  String.raw`(?:i|we) (?:really )?(?:don'?t|do not) know(?:\s+(?:the answer(?: to (?:that|this|your question))?|how to (?:help|answer|do that)|what you mean|what (?:to|you(?:'re| are)) (?:do|say|asking|looking for)))?(?=\s*(?:$|[.!,;?]|sorry|unfortunately))`,
  String.raw`(?:i|we) (?:couldn'?t|could not|can'?t|cannot|wasn'?t able to|was not able to|were unable to|was unable to) (?:retrieve|access|load|pull up|look up)`,
  String.raw`(?:i'?m|i am) (?:having|experiencing) (?:trouble|difficulty|issues|problems) (?:understanding|accessing|processing|retrieving|with)`,
  String.raw`(?:i'?m|i am) (?:only |just )?(?:an? )?(?:ai|bot|virtual assistant|language model|automated assistant|chatbot)(?:,| and| so)? (?:i )?(?:can'?t|cannot|am not able|don'?t have)`,
  // Spanish, French, German, Italian, Portuguese
  String.raw`no (?:te |le |lo |la )?(?:entiendo|entend[íi]|he entendido|comprendo|comprend[íi])`,
  String.raw`no (?:te |le |les )?(?:puedo|podemos|pude) (?:ayudar|atender|resolver|acceder)[\p{L}]*|no tengo acceso|(?:puedes|podr[íi]as?|puede) (?:reformular|repetir|explicarlo de otra)`,
  String.raw`je (?:n'ai pas|ne) (?:bien )?(?:compris|comprends pas)|je ne (?:peux|suis pas en mesure de) (?:pas )?(?:vous |t')?(?:aider|r[ée]pondre|acc[ée]der)|je n'ai pas acc[èe]s|(?:pourriez|pouvez)-vous reformuler`,
  String.raw`ich (?:habe|hab) (?:das |sie |dich |es )?nicht verstanden|ich verstehe (?:das |sie |dich |es )?nicht|ich kann (?:ihnen |dir )?(?:dabei |damit |hier )?nicht helfen|(?:umformulieren|anders formulieren)|ich habe keinen zugriff`,
  String.raw`non (?:ho capito|capisco)|non (?:posso|riesco a) (?:aiutar|rispondere|accedere)[\p{L}]*|(?:puoi|potresti|pu[òo]) riformulare|non ho accesso`,
  String.raw`n[ãa]o (?:entendi|compreendi|entendo|consegui entender)|n[ãa]o (?:posso|consigo) (?:te |lhe )?(?:ajudar|responder|acessar)[\p{L}-]*|(?:pode|poderia) reformular|n[ãa]o tenho acesso`,
);

/** Chinese, written without spaces. */
const FALLBACK_CJK =
  /没听懂|沒聽懂|没有理解|沒有理解|不明白您|不太明白|无法理解|無法理解|没理解|沒理解|无法帮|無法幫|帮不了|幫不了|无法处理|無法處理|换个说法|換個說法|重新表述|再说一遍|再說一遍/u;

/**
 * A task the agent tried and could not complete: the agent is sure of what happened ("I was unable
 * to book", "your reservation could not be made", "something went wrong").
 */
const TASK_FAILURE = compile(
  // "I couldn't book", "I was unable to purchase": the tasks an agent does, not "I couldn't sleep"
  String.raw`(?:${I_CANNOT}|${I_AM_UNABLE}|(?:i|we) fail(?:ed)? to)(?:\s+to)?\s+(?:process|complete|make|change|modify|update|cancel|refund|book|reserve|purchase|buy|schedule|get (?:you|the|a|an|your|that|this|it)|issue|reset|unlock|check|open|place|submit|send|confirm|secure|arrange|set up|apply|transfer)`,
  String.raw`(?:was|were|is|has been) unsuccessful|(?:could ?n'?t|could not|cannot|can'?t) be (?:completed|processed|made|booked|reserved|scheduled)|(?:didn'?t|did not) go through`,
  String.raw`something went wrong`,
);

/**
 * What the agent offers after a "no" in the same turn: a question back, an alternative, or what
 * it can do instead. A turn that steers on is not the agent being lost.
 */
const REDIRECT =
  /\b(?:but|however|though|instead|although)\b[^.!]*\b(?:(?:i|we) )?(?:can|could|would|will|do|have|'d|'ll|am able|'m happy|am happy|'m glad|(?:i|we)(?:'ve| have| do)? (?:know|knew|heard|loved|liked|recommend|suggest))\b/u;
/**
 * What a hedge is about when it is a matter of taste, not of the customer's problem: what the
 * customer likes or has seen ("I'm not sure what you'd consider a tear jerker", "not sure if you've
 * seen it") or what the agent itself would like ("I'm not sure I want to see it"). A recommender
 * asks and answers these all the time.
 */
const TASTE_AFTER =
  /^\s*(?:(?:what|which|if|whether)\s+(?:(?:kind|sort|type|genre)s? of\s+(?:\S+\s+)?)?you(?:'d|'ve|'re| would| have| are| will)?\s+(?:like|enjoy|prefer|consider|love|fancy|be into|into|seen|watched|heard|read|in the mood)|(?:if |whether )?i(?:'d| would| will|'ll)?\s+(?:want|like|enjoy|love|care|watch|see|recommend|be (?:into|interested))\b)/u;
/**
 * A fallback after a condition on the agent itself ("if I don't like those, I can't help") is
 * hypothetical; a condition on the customer's case ("if it's a refund, I can't help") is not.
 */
const HYPOTHETICAL_BEFORE = /\bif (?:i|we)\b[^.!?;]*,\s*(?:then\s+)?$/u;
/** A next step: a question back, an offer, or what the agent does know or suggests instead. */
const NEXT_STEP =
  /\?|？|\b(?:how about|what about|would you like|do you want|can i|could i|shall i|should i|may i|let me|(?:i|we) (?:can|could) (?:only |also |still |however )?(?:help|get|take|tell|offer|suggest|recommend|assist|order|make)|(?:i|we)(?:'d| would| am|'m| are|'re) (?:be )?(?:happy|glad) to|please (?:tell|provide|give|let me know|specify|choose|select|try|enter|confirm|say)|except(?: that)?|i(?:'ve| have)? heard|you (?:might|may|could|should|would) (?:like|enjoy|love|try)|have you (?:seen|tried|watched))\b|推荐|可以|要不要|您看/u;
/** The end of the clause a match sits in: a next step must come after it, in a clause of its own. */
const CLAUSE_END = /[.!?;,。！？；，]/u;

const STRONG_HEDGE = compile(
  String.raw`(?:i'?m|i am|we'?re|we are)\s+(?:not|un)\s*(?:(?:entirely|completely|totally|quite|100%|fully|exactly|really|very)\s+)?(?:sure|certain|positive|confident)`,
  String.raw`(?:i|we) (?:can'?t|cannot|couldn'?t) (?:be sure|say for (?:sure|certain)|tell for sure)`,
  String.raw`(?:i|we) (?:may|might|could) be (?:wrong|mistaken)`,
  String.raw`(?:don'?t|do not) quote me`,
  String.raw`(?:i|we) (?:don'?t|do not) know (?:for (?:sure|certain)|if|whether|much about|about|enough)`,
  String.raw`(?:i'?m|i am) unsure`,
  String.raw`(?:to the best of my knowledge|if i(?:'m| am) not mistaken|i(?:'m| am) not (?:100%|a hundred percent))`,
  String.raw`no (?:estoy|estoy muy) segur[oa]|no s[ée] si`,
  String.raw`je ne suis pas (?:s[ûu]re?|certaine?)|je ne sais pas si`,
  String.raw`ich bin (?:mir )?nicht (?:sicher|ganz sicher)|ich wei(?:ß|ss) nicht,? ob`,
  String.raw`non sono (?:sicur[oa]|cert[oa])|non so se`,
  String.raw`n[ãa]o tenho certeza|n[ãa]o estou (?:cert[oa]|segur[oa])|n[ãa]o sei se`,
);

const STRONG_HEDGE_CJK = /不确定|不確定|不太确定|不太確定|不太清楚|我不清楚/u;

const WEAK_HEDGE = compile(
  String.raw`(?:i|we) (?:think|believe|guess|suppose|assume)(?! (?:you(?:'ll| will)? (?:love|enjoy|like)))`,
  String.raw`(?:probably|possibly|perhaps|presumably|likely)`,
  String.raw`(?:as far as|from what) (?:i|we) (?:know|can tell|understand)`,
  String.raw`(?:it|this|that) (?:seems|appears|looks like)`,
);

/**
 * The words each family of patterns can start with: the patterns are only tried there (see
 * lexicon-human-scan.ts). A pattern whose first word is missing here never matches, which the
 * tests catch.
 */
const FALLBACK_STARTS = wordSet(`
  i i'm im we we're were sorry apologies could can would will please try rephrase rephrasing reword
  rewording that that's this it it's
  no puedes podrías podrias podría podria puede je pourriez pouvez ich umformulieren anders non puoi
  potresti può puo não nao pode poderia
`);
const TASK_FAILURE_STARTS = wordSet(`
  i i'm im we we're were was is has couldn't couldnt could can't cant cannot didn't didnt did something
`);
const STRONG_HEDGE_STARTS = wordSet(`i i'm im we we're were don't dont do to if no je ich non não nao`);
const WEAK_HEDGE_STARTS = wordSet(`i we probably possibly perhaps presumably likely as from it this that`);
const CJK_SCRIPT = /[\u3040-\u30ff\u4e00-\u9fff]/u;

/** Each pattern with the words it may start at; exported so a test can check the lists are complete. */
export const UNCERTAINTY_PATTERNS = [
  { name: 'fallback', pattern: FALLBACK, starts: FALLBACK_STARTS },
  { name: 'taskFailure', pattern: TASK_FAILURE, starts: TASK_FAILURE_STARTS },
  { name: 'strongHedge', pattern: STRONG_HEDGE, starts: STRONG_HEDGE_STARTS },
  { name: 'weakHedge', pattern: WEAK_HEDGE, starts: WEAK_HEDGE_STARTS },
] as const;

interface Found {
  quote: string;
  end: number;
}

function firstMatch(view: TextView, starts: ReadonlySet<string>, pattern: RegExp): Found | null {
  const span = firstMatchAtWords(view.lower, view.words, starts, pattern);
  return span === null ? null : { quote: view.lower.slice(span[0], span[1]).trim(), end: span[1] };
}

function firstCjkMatch(view: TextView, pattern: RegExp): Found | null {
  if (!CJK_SCRIPT.test(view.lower)) return null;
  const match = pattern.exec(view.lower);
  return match === null ? null : { quote: match[0], end: match.index + match[0].length };
}

/** Whether the words after a "no" steer on: an alternative, a question back, what the agent can do. */
function waysForward(view: TextView, found: Found): boolean {
  const tail = view.lower.slice(found.end);
  if (REDIRECT.test(tail)) return true;
  // "Could you rephrase your question?" asks, but it is the fallback itself, not a next step.
  const clause = CLAUSE_END.exec(tail);
  return clause !== null && NEXT_STEP.test(tail.slice(clause.index + 1));
}

/** Whether a fallback sits in the consequence of an "if" clause, in its own sentence. */
function hypothetical(view: TextView, found: Found): boolean {
  return HYPOTHETICAL_BEFORE.test(view.lower.slice(0, view.lower.lastIndexOf(found.quote, found.end)));
}

/** Whether a hedge is about what someone likes or has seen, not about the customer's problem. */
function aboutTaste(view: TextView, found: Found): boolean {
  return TASTE_AFTER.test(view.lower.slice(found.end));
}

/** Reads whether an agent turn falls back ("I didn't understand") or hedges ("I'm not sure"). */
export function detectAgentUncertainty(view: TextView): SignalReading {
  const found = firstMatch(view, FALLBACK_STARTS, FALLBACK) ?? firstCjkMatch(view, FALLBACK_CJK);
  const fallback = found !== null && hypothetical(view, found) ? null : found;
  const taskFailure = fallback === null ? firstMatch(view, TASK_FAILURE_STARTS, TASK_FAILURE) : null;
  const hedgeFound =
    firstMatch(view, STRONG_HEDGE_STARTS, STRONG_HEDGE) ?? firstCjkMatch(view, STRONG_HEDGE_CJK);
  const strongHedge = hedgeFound !== null && aboutTaste(view, hedgeFound) ? null : hedgeFound;
  const weakHedge =
    fallback === null && strongHedge === null ? firstMatch(view, WEAK_HEDGE_STARTS, WEAK_HEDGE) : null;
  const hedge = strongHedge ?? weakHedge;
  const evidence: string[] = [];
  if (fallback !== null) evidence.push(fallback.quote);
  if (hedge !== null && hedge.quote !== fallback?.quote) evidence.push(hedge.quote);
  const scores = AGENT_UNCERTAINTY_SCORES;
  const score =
    fallback !== null
      ? waysForward(view, fallback)
        ? scores.redirectedFallback
        : scores.fallback
      : strongHedge !== null
        ? waysForward(view, strongHedge)
          ? scores.weakHedge
          : scores.strongHedge
        : weakHedge !== null
          ? scores.weakHedge
          : 0;
  const values: Record<string, number> = {
    fallback: fallback === null ? 0 : 1,
    hedge: hedge === null ? 0 : 1,
  };
  if (taskFailure !== null) {
    values['failure'] = 1;
    evidence.push(`could not: ${taskFailure.quote}`);
  } else if (fallback !== null) values['failure'] = 1;
  return { score, values, evidence };
}
