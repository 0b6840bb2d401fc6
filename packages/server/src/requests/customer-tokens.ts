/**
 * Short-lived tokens for a chat widget: an agent mints one for one of its conversations and hands it
 * to the customer's browser, which may then read that conversation's customer status stream and
 * nothing else. Only a hash is stored; the token is shown once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BatonError } from '../errors.ts';
import { loadConversation } from '../service/access.ts';
import type { ServiceContext } from '../service/context.ts';
import type { Principal } from '../service/types.ts';

/** Default and longest life of a customer token. */
export const CUSTOMER_TOKEN_TTL = { defaultSeconds: 60 * 60, maxSeconds: 24 * 60 * 60 } as const;

const PREFIX = 'bct_';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a presented credential is a customer token rather than an API key. */
export function isCustomerToken(presented: string): boolean {
  return presented.startsWith(PREFIX);
}

export interface CustomerToken {
  token: string;
  conversationId: string;
  expiresAt: string;
}

/** Mints a token for one conversation the agent can see; expired tokens of any conversation are swept here. */
export async function createCustomerToken(
  context: ServiceContext,
  principal: Principal,
  conversationId: string,
  input: { ttlSeconds?: number },
): Promise<CustomerToken> {
  const ttl = input.ttlSeconds ?? CUSTOMER_TOKEN_TTL.defaultSeconds;
  const now = context.now();
  const expiresAt = new Date(now.getTime() + ttl * 1000).toISOString();
  const token = `${PREFIX}${randomBytes(24).toString('base64url')}`;
  await context.database.transaction(async (tx) => {
    await loadConversation(tx, principal, conversationId, false);
    await tx.query('DELETE FROM customer_tokens WHERE expires_at < $1', [now.toISOString()]);
    await tx.query(
      `INSERT INTO customer_tokens (token_hash, conversation_id, created_by_key, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [hashToken(token), conversationId, principal.keyId, now.toISOString(), expiresAt],
    );
  });
  return { token, conversationId, expiresAt };
}

/** The token's conversation and expiry; `invalid_customer_token` when unknown, expired or for another conversation. */
export async function checkCustomerToken(
  context: ServiceContext,
  token: string,
  conversationId: string,
): Promise<{ expiresAt: string }> {
  const [row] = await context.database.query<{ conversation_id: string; expires_at: Date | string }>(
    'SELECT conversation_id, expires_at FROM customer_tokens WHERE token_hash = $1',
    [hashToken(token)],
  );
  const expiresAt = row ? new Date(row.expires_at) : null;
  if (!row || row.conversation_id !== conversationId || expiresAt!.getTime() <= context.now().getTime()) {
    throw new BatonError(
      'invalid_customer_token',
      'The customer token is unknown, expired, or for another conversation.',
    );
  }
  return { expiresAt: expiresAt!.toISOString() };
}
