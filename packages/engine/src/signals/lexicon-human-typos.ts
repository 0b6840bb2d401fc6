/**
 * Typos of the words that carry a request for a person ("humna", "reprensentative", "aget",
 * "spaek"). Customers type fast and angry; a one-key slip must not hide the request. The map holds
 * every spelling one edit away (a letter dropped, added, swapped with its neighbour or replaced),
 * built once at module load, so a turn pays one map look-up per word.
 */

const words = (list: string): string[] => list.trim().split(/\s+/);

/** Words whose one-edit misspellings are corrected. Short words get only swapped letters (see below). */
const KEYWORDS = words(`
  human person agent someone somebody anyone anybody representative operator manager supervisor people
  speak speaking talk talking contact contacting connect transfer with to
`);

/**
 * Real words one edit away from a keyword: correcting them would invent requests ("contract a
 * person", "walk to someone", "aren't"). Found by listing every one-edit variant and keeping the
 * ones that are words.
 */
const REAL_WORDS = new Set(
  words(`
    arent argent gent agenda agents anent humans hunan humane persons parson prison managed manage
    managers steak speck spear sneak peak speaks taking walking tasking tanking balking stalking talkie
    talks contract contacts connects transfers operators supervisors representatives someones peoples
    anyones wit wish withe withy wits whit
  `),
);

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every spelling one edit from `word`; words of four letters or fewer get only swapped neighbours. */
function oneEditAway(word: string): Set<string> {
  const variants = new Set<string>();
  for (let index = 0; index < word.length - 1; index++) {
    variants.add(word.slice(0, index) + word[index + 1] + word[index] + word.slice(index + 2));
  }
  // Short words have too many real neighbours ("talk": walk, tall, task) to correct anything else.
  if (word.length > 4) {
    for (let index = 0; index <= word.length; index++) {
      for (const letter of LETTERS) variants.add(word.slice(0, index) + letter + word.slice(index));
    }
    for (let index = 0; index < word.length; index++) {
      variants.add(word.slice(0, index) + word.slice(index + 1));
      for (const letter of LETTERS) variants.add(word.slice(0, index) + letter + word.slice(index + 1));
    }
  }
  variants.delete(word);
  return variants;
}

/** Words typed without the space between them ("withsomeone", "humanagent"), with the space back. */
function runOnWords(): Map<string, string> {
  const runOns = new Map<string, string>();
  const join = (firsts: string[], seconds: string[]): void => {
    for (const first of firsts)
      for (const second of seconds) runOns.set(first + second, `${first} ${second}`);
  };
  const persons = ['human', 'person', 'agent', 'someone', 'somebody', 'anyone', 'representative', 'operator'];
  join(['to', 'with'], ['a', 'an', 'the', ...persons]);
  join(['talk', 'speak', 'contact', 'connect', 'chat'], ['to', 'with']);
  join(['human', 'real', 'live'], ['agent', 'person', 'being']);
  join(['is', 'are'], ['there', 'someone', 'somebody', 'anyone', 'anybody']);
  return runOns;
}

/** Builds the misspelling → keyword map, leaving out real words and spellings two keywords share. */
export function buildTypoCorrections(protectedWords: Iterable<string>): Map<string, string> {
  const keep = new Set<string>([...protectedWords, ...KEYWORDS, ...REAL_WORDS]);
  const corrections = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const keyword of KEYWORDS) {
    for (const variant of oneEditAway(keyword)) {
      if (keep.has(variant) || ambiguous.has(variant)) continue;
      const earlier = corrections.get(variant);
      if (earlier !== undefined && earlier !== keyword) {
        corrections.delete(variant);
        ambiguous.add(variant);
        continue;
      }
      corrections.set(variant, keyword);
    }
  }
  for (const [runOn, spaced] of runOnWords()) if (!keep.has(runOn)) corrections.set(runOn, spaced);
  return corrections;
}
