/**
 * A later turn corrects an earlier fact: "sorry, it's jane.doe@x.com not jane@x.com", "no, the
 * 12th, not the 10th", "4471" … "sorry, 4471-983". The old fact stays, struck through, with the
 * value and turn that replaced it; the new one names the value and turn it replaced.
 */
import { formatIsoDate, daysInMonth } from './calendar.ts';
import type { Fact, FactType } from './schema.ts';

/** Types a customer has one of at a time: any correction cue in the turn replaces the old value. */
const IDENTITY_TYPES: ReadonlySet<FactType> = new Set([
  'order_id',
  'tracking_id',
  'ticket_id',
  'invoice_id',
  'account_id',
  'username',
  'email',
  'phone',
  'address',
  'person_name',
]);
/** Types a conversation can hold several of: replaced only on a clear correction, and only the latest one. */
const OTHER_CORRECTABLE: ReadonlySet<FactType> = new Set(['date', 'time', 'amount', 'place', 'product']);
const IDENTIFIER_TYPES: ReadonlySet<FactType> = new Set([
  'order_id',
  'tracking_id',
  'ticket_id',
  'invoice_id',
  'account_id',
]);

/** Any cue of a correction, weak ones included ("not", "wrong"): enough for an id or an email. */
const CORRECTION_CUE =
  /(?<![\p{L}])(?:sorry|actually|correction|i\s+meant|typo|my\s+bad|oops|wrong|instead|should\s+(?:be|read)|correct\s+(?:one|is)|not|perdón|perdon|perdona|quise\s+decir|en\s+realidad|me\s+equivoqué|pardon|désolée?|je\s+voulais\s+dire|en\s+fait|plutôt|entschuldigung|ich\s+meinte|eigentlich|korrektur|nicht|desculpe|desculpa|quis\s+dizer|na\s+verdade|aliás)(?![\p{L}])/iu;
const OPENS_WITH_NO = /^\W*(?:no|nope|nah|non|nein|não|nao|wait)(?![\p{L}])/iu;
/** A clear correction: the turn opens with "no," or says it meant something else. */
const CLEAR_CORRECTION =
  /^\W*(?:no|nope|nah|non|nein|não|nao|wait)\b|(?<![\p{L}])(?:sorry|actually|correction|i\s+meant|i\s+mean|typo|my\s+bad|oops|i\s+was\s+wrong|should\s+(?:be|read|have\s+been)|perdón|perdon|perdona|quise\s+decir|en\s+realidad|me\s+equivoqué|pardon|désolée?|je\s+voulais\s+dire|en\s+fait|entschuldigung|ich\s+meinte|eigentlich|korrektur|desculpe|desculpa|quis\s+dizer|na\s+verdade|aliás)(?![\p{L}])/giu;
/** A value said as the wrong one: "not the 10th", "instead of jane@x.com", "nicht nach Hamburg". */
const NEGATED_BEFORE =
  /(?:(?<![\p{L}])(?:not|instead\s+of|rather\s+than|wrong(?:\s+one)?|isn'?t|old(?:\s+one)?|no|nicht|statt|anstatt|pas|au\s+lieu\s+de|en\s+lugar\s+de|en\s+vez\s+de|em\s+vez\s+de|não|nao))(?:\s+(?:to|in|at|on|for|from|nach|in|am|um|à|a|en|em|para|al))?\s*[:\-–(]?\s*$/iu;
/** For places, "no" is also Portuguese for "in the" ("entregam no Brasil"): only the other negations count. */
const PLACE_NEGATED_BEFORE =
  /(?:(?<![\p{L}])(?:not|instead\s+of|rather\s+than|nicht|statt|anstatt|pas|au\s+lieu\s+de|en\s+lugar\s+de|en\s+vez\s+de|em\s+vez\s+de|não|nao))(?:\s+(?:to|in|at|from|nach|in|à|a|en|em|para|al))?\s*[:\-–(]?\s*$/iu;
/** A date said as a day of the month alone: it takes its month from the date it corrects. */
const LONE_DAY =
  /^(?:the\s+|el\s+(?:d[ií]a\s+)?|le\s+|am\s+|no\s+dia\s+|o\s+dia\s+|dia\s+)?(\d{1,2})(?:st|nd|rd|th|º|ª|er|\.)?$/iu;

/** Characters a clear cue may stand before the value it corrects, in the same sentence. */
const CUE_REACH = 40;

/** Where the clear correction cues of a text start and end (read once per turn). */
function clearCues(text: string): [number, number][] {
  return [...text.matchAll(CLEAR_CORRECTION)].map((match) => [match.index, match.index + match[0].length]);
}

/** Whether a clear correction cue stands just before this position, in the same sentence. */
function clearCueBefore(text: string, cues: readonly [number, number][], index: number): boolean {
  return cues.some(
    ([start, end]) => start < index && index - end <= CUE_REACH && !/[.?!]/.test(text.slice(end, index)),
  );
}

function replace(old: Fact, fact: Fact, turn: number): void {
  old.superseded = true;
  old.correctedBy = { value: fact.value, turn };
  fact.corrects ??= { value: old.value, turn: old.turn };
}

/** "the 12th" correcting 2026-02-10 is 2026-02-12, whatever month the turn's date alone would give. */
function anchorDay(fact: Fact, old: Fact): void {
  const day = LONE_DAY.exec(fact.text.trim())?.[1];
  const [year, month] = old.value.split('-').map(Number);
  if (!day || !year || !month || Number(day) > daysInMonth(year, month)) return;
  fact.value = formatIsoDate({ year, month, day: Number(day) });
}

/** Marks what the facts of one turn correct among the earlier facts (and within the turn). */
export function applyCorrections(turnText: string, fresh: Fact[], earlier: Fact[], turn: number): void {
  const negated = new Set(
    fresh.filter((fact) =>
      (fact.type === 'place' ? PLACE_NEGATED_BEFORE : NEGATED_BEFORE).test(
        turnText.slice(Math.max(0, fact.index - 24), fact.index),
      ),
    ),
  );
  const weak = CORRECTION_CUE.test(turnText) || OPENS_WITH_NO.test(turnText);
  let cues: [number, number][] | null = null;
  for (const fact of fresh) {
    if (negated.has(fact)) continue;
    const identity = IDENTITY_TYPES.has(fact.type);
    if (!identity && !OTHER_CORRECTABLE.has(fact.type)) continue;
    const saidWrong = [...negated].filter((wrong) => wrong.type === fact.type);
    let targets: Fact[];
    if (saidWrong.length > 0) {
      targets = earlier.filter(
        (old) =>
          old.type === fact.type && !old.superseded && saidWrong.some((wrong) => wrong.value === old.value),
      );
      // A lone day takes its month from the date named as wrong before the values are compared.
      const anchor = targets[0] ?? saidWrong[0];
      if (fact.type === 'date' && anchor) anchorDay(fact, anchor);
      for (const wrong of saidWrong) {
        if (fact.type === 'date' && targets.length > 0) anchorDay(wrong, targets[0]!);
        if (!targets.some((old) => old.value === wrong.value)) replace(wrong, fact, turn);
      }
    } else if (identity) {
      targets = earlier.filter((old) => {
        if (old.type !== fact.type || old.superseded || old.value === fact.value) return false;
        const completes =
          IDENTIFIER_TYPES.has(fact.type) &&
          fact.value.replace(/[-/]/g, '').startsWith(old.value.replace(/[-/]/g, ''));
        return completes || weak;
      });
    } else {
      cues ??= clearCues(turnText);
      const latest = clearCueBefore(turnText, cues, fact.index)
        ? earlier.findLast((old) => old.type === fact.type && !old.superseded && !old.role)
        : undefined;
      targets = latest ? [latest] : [];
      if (latest && fact.type === 'date') anchorDay(fact, latest);
      if (latest?.value === fact.value) targets = [];
    }
    for (const old of targets) replace(old, fact, turn);
  }
  // A value said as the wrong one is struck through, and so is every earlier mention of it.
  for (const wrong of negated) {
    wrong.superseded = true;
    for (const old of earlier)
      if (old.type === wrong.type && old.value === wrong.value) old.superseded = true;
  }
}
