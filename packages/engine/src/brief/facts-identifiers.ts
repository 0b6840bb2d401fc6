/**
 * Identifiers and contact details in one turn's text: order, ticket, invoice and account ids,
 * payment cards, IBANs, emails and phone numbers.
 */
import { NOT_A_NAME } from './common-words.ts';
import { passesIban, passesLuhn } from './masking.ts';
import type { FactType, PlaceDetail } from './schema.ts';

/** A fact found in one text, before the conversation-level passes (corrections, completions). */
export interface RawFact {
  type: FactType;
  value: string;
  text: string;
  index: number;
  amount?: { value: number; currency?: string };
  /** A name the customer gave as their own. */
  self?: boolean;
  place?: PlaceDetail;
}

type IdentifierType = 'order_id' | 'ticket_id' | 'invoice_id' | 'account_id' | 'tracking_id';

// Cue words in en, es, fr, de and pt; German compounds ("Bestellnummer") carry the cue inside.
const CUES: readonly [IdentifierType, string][] = [
  [
    'tracking_id',
    String.raw`tracking(?:\s+(?:number|code|id|no))?|track\s+(?:number|code)|waybill|consignment|seguimiento|suivi|sendungsnummer|sendungsverfolgung|paketnummer|rastreio|rastreamento`,
  ],
  [
    'order_id',
    String.raw`order|purchase|shipment|parcel|package|booking|reservation|confirmation|pedido|compra|encomenda|commande|réservation|bestellung|bestellnummer|auftrag|auftragsnummer|buchung|buchungsnummer|reserva`,
  ],
  [
    'ticket_id',
    String.raw`ticket|case|incident|complaint|reference|ref|incidencia|caso|reclamación|dossier|réclamation|référence|vorgang|vorgangsnummer|fall|aktenzeichen|chamado|protocolo|ocorrência|referencia|referência`,
  ],
  [
    'invoice_id',
    String.raw`invoice|bill|receipt|factura|recibo|facture|reçu|rechnung|rechnungsnummer|quittung|fatura`,
  ],
  [
    'account_id',
    String.raw`account|acct|customer|member(?:ship)?|client|policy|subscription|contract|cuenta|cliente|contrato|compte|contrat|abonnement|konto|kontonummer|kunde|kundennummer|vertrag|vertragsnummer|conta|assinatura`,
  ],
];

// The value: letters and digits with inner dashes, at least three digits ("4471-983", "INV-2024-0042", "A77K391").
const VALUE = String.raw`(?<value>(?=(?:[A-Z-]*\d){3})[A-Z0-9](?:[A-Z0-9]|[-/](?=[A-Z0-9]))*)`;
// Words allowed between the cue and the value: "order number is actually #4471".
const LINK = String.raw`(?:\s+(?:id|no\.?|nr\.?|num(?:ber)?|code|ref(?:erence)?|is|was|it's|should\s+be|actually|just|n[º°o]\.?|n\.º|número|numero|numéro|nummer|es|era|est|était|ist|lautet|war|é|de|du|do|da)|\s*[:#=]|\s*-(?=\s))*\s*#?\s*`;

const CUED_IDENTIFIERS = CUES.map(
  ([type, cue]) =>
    [type, new RegExp(String.raw`\b(?:${cue})s?(?![\w\u00C0-\u024F])${LINK}${VALUE}\b`, 'gi')] as const,
);
const USERNAME =
  /(?<![\p{L}])(?:user\s*name|username|login|user\s*id|handle|usuario|nombre\s+de\s+usuario|identifiant|nom\s+d'utilisateur|benutzername|nutzername|nome\s+de\s+usu[aá]rio|utilizador)(?:\s+(?:is|was|es|est|ist|é|lautet))?\s*[:=]?\s*@?(?<value>[a-z0-9][\w.-]{2,31}[a-z0-9])(?![\w@])/giu;
const USERNAME_CUE = /user|login|handle|usuario|identifiant|utilisateur|nutzer|utilizador/i;
const UPS_TRACKING = /\b1Z[0-9A-Z]{16}\b/g;
const PREFIXED: readonly [IdentifierType, RegExp][] = [
  ['order_id', /\b(?:ORD|ORDER|PO|BKG)[-_#]?\d[\w-]*\b/gi],
  ['ticket_id', /\b(?:TKT|TICKET|CASE|INC|REF|SR)[-_#]\d[\w-]*\b/gi],
  ['invoice_id', /\b(?:INV|INVOICE|BILL)[-_#]?\d[\w-]*\b/gi],
  ['account_id', /\b(?:ACC|ACCT|CUST|CUS|MEM)[-_#]\d[\w-]*\b/gi],
];
/** An identifier-like token with no cue: used when the agent just asked for one, or to complete an earlier one. */
export const BARE_IDENTIFIER =
  /(?<![\w@.+-])#?(?=(?:[A-Z-]*\d){3})[A-Z0-9](?:[A-Z0-9]|[-/](?=[A-Z0-9]))*\b(?![@.]\w)/gi;

const EMAIL = /\b[A-Z0-9][A-Z0-9._%+-]*@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}\b/gi;
const PHONE_SHAPE =
  /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,8}){1,4}(?![\w-])|(?<![\w+])\+?\d{9,15}\b/g;
const PHONE_CUE =
  /(?<![\p{L}])(?:phone|mobile|cell|tel(?:ephone)?|call(?:\s+me)?|ring|text\s+me|sms|whatsapp|reach\s+me|contact\s+me|number\s+is|teléfono|telefono|móvil|movil|celular|llámame|llamarme|téléphone|portable|appelez-moi|m'appeler|telefon|telefonnummer|handy|handynummer|mobilnummer|rufen\s+sie\s+mich|telemóvel|telemovel|ligue|ligar)(?![\p{L}])/iu;
const CARD = /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g;
/** A card number or IBAN masked where it entered Baton ("•••• 1111"): still a fact, with its last four digits. */
const MASKED_NUMBER = /•••• \d{4}(?!\d)/g;
/** Words before a masked number that make it an account (an IBAN) rather than a payment card. */
const ACCOUNT_CUE = /\b(?:iban|account|acct|konto|cuenta|compte|conta|rekening)\b[^•]{0,30}$/i;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b/gi;

function overlaps(start: number, end: number, facts: readonly RawFact[]): boolean {
  return facts.some((fact) => start < fact.index + fact.text.length && end > fact.index);
}

function emailFact(text: string, index: number): RawFact {
  return { type: 'email', value: text.toLowerCase(), text, index };
}

/** Normalises an identifier for comparison: uppercase, without "#" and spaces. */
export function normaliseIdentifier(text: string): string {
  return text.replace(/^#/, '').replace(/\s+/g, '').toUpperCase();
}

/** "my username is jdoe88": a login name after its cue, when it is not an everyday word. */
function findUsernames(text: string, facts: RawFact[]): void {
  if (!USERNAME_CUE.test(text)) return;
  for (const match of text.matchAll(USERNAME)) {
    const value = match.groups?.['value'] ?? '';
    const index = match.index + match[0].length - value.length;
    if (!/\d|[._]/.test(value) && NOT_A_NAME.has(value.toLowerCase())) continue;
    if (overlaps(index, index + value.length, facts)) continue;
    facts.push({ type: 'username', value: value.toLowerCase(), text: value, index });
  }
}

/** Finds cards, IBANs, emails, cued or prefixed identifiers and phone numbers in one text. */
export function findIdentifiers(text: string): RawFact[] {
  const facts: RawFact[] = [];
  if (!/\d/.test(text)) {
    // Every identifier and phone number holds a digit; only an email or a login name can do without.
    if (text.includes('@'))
      for (const match of text.matchAll(EMAIL)) facts.push(emailFact(match[0], match.index));
    findUsernames(text, facts);
    return facts;
  }
  for (const match of text.matchAll(MASKED_NUMBER)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    const type = ACCOUNT_CUE.test(before) ? 'account_id' : 'card_number';
    facts.push({ type, value: match[0], text: match[0], index: match.index });
  }
  for (const match of text.matchAll(CARD)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length >= 13 && passesLuhn(digits)) {
      facts.push({ type: 'card_number', value: digits, text: match[0], index: match.index });
    }
  }
  for (const match of text.matchAll(IBAN)) {
    if (passesIban(match[0]) && !overlaps(match.index, match.index + match[0].length, facts)) {
      facts.push({
        type: 'account_id',
        value: normaliseIdentifier(match[0]),
        text: match[0],
        index: match.index,
      });
    }
  }
  for (const match of text.matchAll(EMAIL)) facts.push(emailFact(match[0], match.index));
  for (const match of text.matchAll(UPS_TRACKING)) {
    if (!overlaps(match.index, match.index + match[0].length, facts))
      facts.push({ type: 'tracking_id', value: match[0], text: match[0], index: match.index });
  }
  for (const [type, pattern] of PREFIXED) {
    for (const match of text.matchAll(pattern)) {
      if (overlaps(match.index, match.index + match[0].length, facts)) continue;
      facts.push({ type, value: normaliseIdentifier(match[0]), text: match[0], index: match.index });
    }
  }
  for (const [type, pattern] of CUED_IDENTIFIERS) {
    for (const match of text.matchAll(pattern)) {
      const value = match.groups?.value ?? '';
      const index = match.index + match[0].length - value.length;
      if (overlaps(index, index + value.length, facts)) continue;
      facts.push({ type, value: normaliseIdentifier(value), text: value, index });
    }
  }
  findUsernames(text, facts);
  for (const match of text.matchAll(PHONE_SHAPE)) {
    const raw = match[0];
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15) continue;
    if (overlaps(match.index, match.index + raw.length, facts)) continue;
    // Without a "+" or a cue nearby, a long number is as likely an id as a phone.
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    if (!raw.startsWith('+') && !raw.startsWith('(') && !PHONE_CUE.test(before)) continue;
    const value = (raw.trim().startsWith('+') ? '+' : '') + digits;
    facts.push({ type: 'phone', value, text: raw.trim(), index: match.index });
  }
  return facts;
}
