/**
 * Standard Webhooks signing: `v1,` + base64 HMAC-SHA256, keyed with the secret's bytes, over
 * `webhook-id.webhook-timestamp.body` (the exact bytes sent). During a rotation both secrets sign and
 * `webhook-signature` lists both, space-separated, so a receiver with either one verifies.
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` + base64 of 24 random bytes (the form Standard Webhooks libraries take). */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

/** The HMAC key a secret stands for. */
function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('A webhook secret starts with whsec_.');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/** One signature, `v1,<base64>`, over `id.timestamp.body`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: Buffer): string {
  const digest = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestampSeconds}.`, 'utf8')
    .update(body)
    .digest('base64');
  return `v1,${digest}`;
}

/** The `webhook-signature` header: one signature per secret, newest first, space-separated. */
export function signatureHeader(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: Buffer,
): string {
  return secrets.map((secret) => signWebhook(secret, id, timestampSeconds, body)).join(' ');
}
