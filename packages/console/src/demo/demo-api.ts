/**
 * The demo page's calls to the demo storefront's own backend (`/demo/api`), the way a chat widget
 * calls its site. The page never talks to Baton or holds a Baton key: the demo agent behind this
 * API does, through the sdk (packages/server/src/demo).
 */

export interface DemoMessage {
  id: string;
  role: 'customer' | 'agent' | 'operator' | 'system';
  author: string | null;
  text: string;
  at: string;
}

export interface DemoConversation {
  status: 'new' | 'active' | 'waiting' | 'with_operator' | 'closed';
  operator: string | null;
  waitingHandoffId: string | null;
  messages: DemoMessage[];
}

/** A status change on the customer's side, as Baton's customer stream sends it (ready to show). */
export interface CustomerStatus {
  type: string;
  message: string;
  /** `operator-typing`: whether the operator types now, and when the indicator ends by itself. */
  data?: { typing?: boolean; expiresInMs?: number };
}

/**
 * Tells the operator the customer is typing (or stopped), with the stream's customer token: the
 * typing route sits beside the customer-events route the token opens.
 */
export async function postTyping(eventsUrl: string, typing: boolean): Promise<void> {
  const url = new URL(eventsUrl, window.location.origin);
  url.pathname = url.pathname.replace(/\/customer-events$/, '/typing');
  for (const name of [...url.searchParams.keys()]) if (name !== 'token') url.searchParams.delete(name);
  await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ typing }),
  }).catch(() => undefined);
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `The chat service answered ${response.status}.`);
  return json;
}

const base = (conversationId: string) => `/demo/api/conversations/${encodeURIComponent(conversationId)}`;

export const demoApi = {
  suggestions: () => call<{ suggestions: string[] }>('GET', '/demo/api/suggestions'),
  read: (conversationId: string) => call<DemoConversation>('GET', base(conversationId)),
  send: (conversationId: string, text: string) =>
    call<DemoConversation>('POST', `${base(conversationId)}/messages`, { text }),
  leave: (conversationId: string) => call<void>('POST', `${base(conversationId)}/leave`),
  /** Where this conversation's customer status events stream from (a short-lived token in the URL). */
  statusStream: (conversationId: string) =>
    call<{ eventsUrl: string; expiresAt: string }>('POST', `${base(conversationId)}/status-token`),
  callback: (conversationId: string, input: { phone?: string; message?: string }) =>
    call<void>('POST', `${base(conversationId)}/callback`, input),
};

/** A new conversation id for this tab (the demo's agent only accepts ids starting with `demo-`). */
export function newConversationId(): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `demo-${random}`;
}
