/**
 * Times of day a customer gives ("at 3pm", "3:30 p.m.", "15:30", "at noon", "um 15 Uhr", "à 15h30",
 * "às 15h", "a las 3"), as 24-hour "HH:MM". A number alone is a time only after "at"/"a las"/"às"
 * with a clock word or an am/pm; "at 3 stores" is not a time.
 */

export interface TimeMention {
  /** HH:MM, 24-hour. */
  value: string;
  text: string;
  index: number;
}

const PATTERN = new RegExp(
  [
    // "3pm", "3:30 pm", "11.45 a.m."
    String.raw`(?<meridiem>(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?)`,
    // "15:30", "9:05" (not "1:2" ratios, not in a date or a longer number)
    String.raw`(?<clock>(?<![\d:./-])([01]?\d|2[0-3]):([0-5]\d)(?![\d:]|\s*(?:%|[ap]\.?m\b)))`,
    // "15h", "15h30", "15 Uhr", "15.30 Uhr"
    String.raw`(?<hours>(?<![\d:.])([01]?\d|2[0-3])(?:\s*h(?:(\d{2}))?(?![\p{L}])|(?:[:.](\d{2}))?\s+uhr(?:\s+(\d{1,2}))?(?![\p{L}])))`,
    // "a las 3", "às 15", "at 3 o'clock"
    String.raw`(?<after>(?:(?<![\p{L}])(?:a\s+las|a\s+la|às|as)\s+)(\d{1,2})(?:[:.](\d{2}))?(?![\d%]|\s*(?:€|euros?|horas?\s+de)))`,
    String.raw`(?<oclock>(?<![\d:.])(\d{1,2})\s+o'?clock\b)`,
    String.raw`(?<named>(?<![\p{L}])(?:noon|midday|midnight|mediod[ií]a|medianoche|midi|minuit|mittag|mitternacht|meio-dia|meia-noite)(?![\p{L}]))`,
  ].join('|'),
  'giu',
);

/** Every time holds a digit or a named hour: the full patterns run only then. */
const QUICK = /\d|noon|midday|midnight|mediod|medianoche|midi|minuit|mittag|mitternacht|meio-dia|meia-noite/i;
const NAMED: Readonly<Record<string, number>> = {
  noon: 12,
  midday: 12,
  midnight: 0,
  mediodía: 12,
  mediodia: 12,
  medianoche: 0,
  midi: 12,
  minuit: 0,
  mittag: 12,
  mitternacht: 0,
  'meio-dia': 12,
  'meia-noite': 0,
};

function format(hour: number, minute: number): string | null {
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

// Spoken times: "9 05 in the morning", "25 past 23", "quarter to 6", "at 5", "later than 6".
const PART_OF_DAY = String.raw`(?:\s+(?:in\s+the\s+)?(?<part>morning|afternoon|evening|night|tonight))?`;
const SPOKEN = new RegExp(
  [
    String.raw`(?<relative>(?<![\d:.])(?<minutes>\d{1,2}|quarter|half|a\s+quarter)\s+(?<direction>past|to)\s+(?<hour>[01]?\d|2[0-3])(?![\d:])${PART_OF_DAY})`,
    String.raw`(?<spaced>(?<![\d:.])(?<spacedHour>[01]?\d|2[0-3])\s(?<spacedMinute>[0-5]\d)(?:\s*(?<meridiem>[ap])\.?\s?m\b\.?|\s+(?:in\s+the\s+)?(?<spacedPart>morning|afternoon|evening|night)\b))`,
    String.raw`(?<partHour>(?<![\d:.])(?<plainHour>[01]?\d|2[0-3])\s+(?:in\s+the\s+)?(?<plainPart>morning|afternoon|evening)\b)`,
    String.raw`(?<cued>(?<![\p{L}])(?:at|around|by|before|after|until|till|from|later\s+than|earlier\s+than|between)\s+(?<cuedHour>[01]?\d|2[0-3])(?=\s*(?:$|[,.;!?)]|\s(?:and|or|to|on|if|ok|okay|please|then|will|works?|is|would|-)\b)))`,
  ].join('|'),
  'giu',
);
const MINUTE_WORDS: Readonly<Record<string, number>> = { quarter: 15, 'a quarter': 15, half: 30 };

function withPart(hour: number, part: string | undefined): number {
  const lower = part?.toLowerCase();
  if ((lower === 'afternoon' || lower === 'evening') && hour < 12) return hour + 12;
  if ((lower === 'night' || lower === 'tonight') && hour >= 6 && hour < 12) return hour + 12;
  return hour;
}

function spokenTimes(text: string, mentions: TimeMention[]): void {
  for (const match of text.matchAll(SPOKEN)) {
    const groups = match.groups ?? {};
    let value: string | null = null;
    if (groups['relative']) {
      const words = (groups['minutes'] ?? '').toLowerCase().replace(/\s+/g, ' ');
      const minutes = MINUTE_WORDS[words] ?? Number(words);
      const hour = withPart(Number(groups['hour']), groups['part']);
      if (minutes > 59) continue;
      value =
        (groups['direction'] ?? '').toLowerCase() === 'past'
          ? format(hour, minutes)
          : format((hour + 23) % 24, 60 - minutes);
    } else if (groups['spaced']) {
      let hour = Number(groups['spacedHour']);
      if (groups['meridiem']) hour = (hour % 12) + (groups['meridiem'].toLowerCase() === 'p' ? 12 : 0);
      else hour = withPart(hour, groups['spacedPart']);
      value = format(hour, Number(groups['spacedMinute']));
    } else if (groups['partHour'])
      value = format(withPart(Number(groups['plainHour']), groups['plainPart']), 0);
    else if (groups['cued']) value = format(Number(groups['cuedHour']), 0);
    const index = groups['cued']
      ? match.index + match[0].length - (groups['cuedHour'] ?? '').length
      : match.index;
    const written = groups['cued'] ? (groups['cuedHour'] ?? '') : match[0];
    if (
      value &&
      !mentions.some(
        (other) => index < other.index + other.text.length && index + written.length > other.index,
      )
    )
      mentions.push({ value, text: written, index });
  }
}

/** Finds the times of day in a text. */
export function findTimes(text: string): TimeMention[] {
  const mentions: TimeMention[] = [];
  if (!QUICK.test(text)) return mentions;
  if (/\d/.test(text)) spokenTimes(text, mentions);
  PATTERN.lastIndex = 0;
  for (let match = PATTERN.exec(text); match; match = PATTERN.exec(text)) {
    const groups = match.groups ?? {};
    let value: string | null = null;
    if (groups['meridiem']) {
      const hour = Number(match[2]);
      if (hour < 1 || hour > 12) continue;
      const pm = (match[4] ?? '').toLowerCase() === 'p';
      value = format((hour % 12) + (pm ? 12 : 0), Number(match[3] ?? 0));
    } else if (groups['clock']) value = format(Number(match[6]), Number(match[7]));
    else if (groups['hours'])
      value = format(Number(match[9]), Number(match[10] ?? match[11] ?? match[12] ?? 0));
    else if (groups['after']) value = format(Number(match[14]), Number(match[15] ?? 0));
    else if (groups['oclock']) value = format(Number(match[17]), 0);
    else if (groups['named']) {
      const hour = NAMED[match[0].toLowerCase()];
      if (hour !== undefined) value = format(hour, 0);
    }
    const index = match.index;
    const length = match[0].trim().length;
    if (
      value &&
      !mentions.some((other) => index < other.index + other.text.length && index + length > other.index)
    )
      mentions.push({ value, text: match[0].trim(), index });
  }
  return mentions.sort((left, right) => left.index - right.index);
}
