/**
 * Emails and phone numbers leaving Baton for another system: operators see them (they call the
 * customer back), but webhook bodies and exports get them masked unless the admin opts in
 * (`BATON_EXPOSE_CONTACTS=webhooks,export`). Identifiers and times in the JSON are left alone: only
 * free text and contact fields are rewritten, so a receiver still gets every id it needs.
 */

// The same shapes the brief's facts use: an email, and a phone of 8 to 15 digits with separators or "+".
const EMAIL = /\b[A-Z0-9][A-Z0-9._%+-]*@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}\b/gi;
const PHONE =
  /(?<![\w+./:-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\w/:-])|(?<![\w+])\+\d{8,15}\b/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** The masked form of an email: the first letter and the domain ("j•••@example.com"). */
function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return `${email[0]}•••${email.slice(at)}`;
}

/** A text with emails and phone numbers masked; a phone keeps its last two digits. */
export function maskContacts(text: string): string {
  const emailsMasked = text.replace(EMAIL, maskEmail);
  return emailsMasked.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    // Dates ("2026-03-01"), amounts and short ids are not phone numbers.
    if (digits.length < 8 || digits.length > 15 || ISO_DATE.test(match)) return match;
    return `[phone ••${digits.slice(-2)}]`;
  });
}

/** Keys whose values are identifiers, times or codes: never rewritten. */
function isStructuralKey(key: string): boolean {
  return /^(?:id|at|seq|type|role|queue|status|trigger|signal|scope|action|code|version|timestamp|priority|currency)$|(?:Id|At|Ids|Version)$/.test(
    key,
  );
}

/** A JSON value with contacts masked in every string but those under identifier or time keys. */
export function maskContactsDeep<Value>(value: Value): Value {
  const walk = (node: unknown, key: string | null, depth: number): unknown => {
    if (typeof node === 'string') return key !== null && isStructuralKey(key) ? node : maskContacts(node);
    if (node === null || typeof node !== 'object' || depth > 64) return node;
    if (Array.isArray(node)) return node.map((item) => walk(item, key, depth + 1));
    return Object.fromEntries(
      Object.entries(node).map(([name, item]) => [name, walk(item, name, depth + 1)]),
    );
  };
  return walk(value, null, 0) as Value;
}

/** Where the admin lets emails and phones through in clear. */
export type ContactExposure = ReadonlySet<'webhooks' | 'export'>;

/** Parses BATON_EXPOSE_CONTACTS (`webhooks`, `export`, both comma-separated, or empty for neither). */
export function parseContactExposure(value: string | undefined): ContactExposure {
  const exposure = new Set<'webhooks' | 'export'>();
  for (const part of (value ?? '').split(',')) {
    const name = part.trim();
    if (name === '') continue;
    if (name !== 'webhooks' && name !== 'export') {
      throw new Error(`BATON_EXPOSE_CONTACTS takes webhooks and/or export, not "${name}".`);
    }
    exposure.add(name);
  }
  return exposure;
}
