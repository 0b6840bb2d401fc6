/**
 * Bot Framework Connector authentication over real HTTP: a local server stands in for Microsoft's
 * OpenID metadata and JWKS (a generated RSA key, with endorsements), and tokens are signed as the
 * Connector signs them. A good token is accepted and acts as the configured agent key; a wrong
 * audience, a wrong issuer, an expired token, an unknown kid, a tampered token, a serviceUrl that
 * does not match and an unendorsed channel are each 401 `adapter_unauthorized`. A Baton agent key
 * still works (a self-hosted relay). Auth does not touch storage, so PGlite alone is enough here.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapterStack, startRecorder, type AdapterStack } from './harness.ts';

const APP_ID = '7a3e2c1d-0000-4000-8000-00000000b0b1';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://webchat.botframework.com/';
const ROUTE = '/v1/adapters/bot-framework/activities';

/** Microsoft's OpenID metadata and JWKS on 127.0.0.1, counting what is fetched. */
async function startOpenId(jwks: { keys: unknown[] }) {
  const fetched = { metadata: 0, keys: 0 };
  const server = http.createServer((request, response) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (body: unknown) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/v1/.well-known/openidconfiguration') {
      fetched.metadata += 1;
      json({
        issuer: ISSUER,
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (request.url === '/v1/.well-known/keys') {
      fetched.keys += 1;
      json(jwks);
    } else response.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`,
    fetched,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Bot Framework Connector tokens (pglite)', () => {
  let openId: Awaited<ReturnType<typeof startOpenId>>;
  let bot: Awaited<ReturnType<typeof startRecorder>>;
  let baton: AdapterStack;
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;
  let connectorKey = '';

  beforeAll(async () => {
    const published = await generateKeyPair('RS256', { extractable: true });
    const stranger = await generateKeyPair('RS256', { extractable: true });
    signingKey = published.privateKey;
    strangerKey = stranger.privateKey;
    const jwk = { ...(await exportJWK(published.publicKey)), kid: 'connector-1', use: 'sig', alg: 'RS256' };
    openId = await startOpenId({ keys: [{ ...jwk, endorsements: ['webchat', 'msteams'] }] });
    bot = await startRecorder();
    baton = await startAdapterStack('pglite', async (service) => {
      const created = await service.createKey({ scope: 'agent', name: 'bot framework connector' });
      connectorKey = created.key;
      return {
        botFramework: {
          botUrl: `${bot.url}/api/messages`,
          connector: { appId: APP_ID, agentKey: created.key, openIdUrl: openId.url },
        },
        allowPrivate: true,
      };
    });
  });
  afterAll(async () => {
    await baton?.close();
    await bot?.close();
    await openId?.close();
  });

  /** A token as the Connector signs it; `claims` and `header` override the good defaults. */
  async function token(
    claims: JWTPayload = {},
    options: { key?: CryptoKey; kid?: string; expiresIn?: string | number; issuedAt?: number } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ serviceUrl: SERVICE_URL, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'connector-1', typ: 'JWT' })
      .setIssuer((claims.iss as string | undefined) ?? ISSUER)
      .setAudience((claims.aud as string | undefined) ?? APP_ID)
      .setIssuedAt(options.issuedAt ?? now - 60)
      .setNotBefore(options.issuedAt ?? now - 60)
      .setExpirationTime(options.expiresIn ?? now + 3_600)
      .sign(options.key ?? signingKey);
  }

  let counter = 0;
  /** A message activity from the Connector, on a new conversation. */
  function message(overrides: Record<string, unknown> = {}) {
    counter += 1;
    return {
      type: 'message',
      id: `act-${counter}`,
      text: 'Where is my parcel?',
      channelId: 'webchat',
      serviceUrl: SERVICE_URL,
      conversation: { id: `jwt-conv-${counter}` },
      from: { id: 'user-1', name: 'Maya Chen', role: 'user' },
      recipient: { id: APP_ID, name: 'Helpdesk Bot', role: 'bot' },
      ...overrides,
    };
  }

  it('accepts the Connector token and acts as the configured agent key', async () => {
    const activity = {
      ...message(),
      type: 'event',
      name: 'handoff.initiate',
      value: { summary: 'Parcel lost for a week.', skill: 'billing' },
    };
    const started = await baton.post(await token(), ROUTE, activity);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ handoff: { status: 'queued', queue: 'billing' } });
    const conversationId = started.body['conversationId'] as string;
    const recorded = await baton.post(await token(), ROUTE, {
      ...message({ conversation: { id: activity.conversation.id } }),
      text: 'Are you still there?',
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body['conversationId']).toBe(conversationId);
    // The conversation belongs to the configured agent key: another agent key does not see it.
    const connector = await baton.service.authenticate(connectorKey);
    const view = await baton.service.getConversation(connector!, conversationId);
    expect(view.turns.map((turn) => turn.text)).toContain('Are you still there?');
    const other = await baton.service.authenticate(baton.keys.agent);
    await expect(baton.service.getConversation(other!, conversationId)).rejects.toMatchObject({
      code: 'conversation_not_found',
    });

    // handoff.status goes to the bot as an Activity carrying the channel's serviceUrl to reply through.
    const handoffId = (started.body['handoff'] as { id: string }).id;
    const claimed = await fetch(new URL(`/v1/handoffs/${handoffId}/claim`, baton.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${baton.keys.operator}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(claimed.status).toBe(200);
    const [status] = await bot.waitFor(1);
    expect(status!.path).toBe('/api/messages');
    expect(status!.body).toMatchObject({
      type: 'event',
      name: 'handoff.status',
      value: { state: 'accepted' },
      conversation: { id: activity.conversation.id },
      channelId: 'webchat',
      serviceUrl: SERVICE_URL,
      recipient: { id: APP_ID },
    });
  });

  it('accepts a token expired within the 5-minute clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await baton.post(
      await token({}, { issuedAt: now - 3_600, expiresIn: now - 120 }),
      ROUTE,
      message(),
    );
    expect(response.status).toBe(200);
  });

  const refusals: [string, () => Promise<string>, Record<string, unknown>?][] = [
    ['a wrong audience', () => token({ aud: 'someone-elses-bot' })],
    ['a wrong issuer', () => token({ iss: 'https://sts.windows.net/evil/' })],
    [
      'an expired token',
      () => {
        const now = Math.floor(Date.now() / 1000);
        return token({}, { issuedAt: now - 7_200, expiresIn: now - 3_600 });
      },
    ],
    ['an unknown kid', () => token({}, { key: strangerKey, kid: 'not-published' })],
    ['a published kid with another key', () => token({}, { key: strangerKey })],
    [
      'a tampered payload',
      async () => {
        const [header, payload, signature] = (await token()).split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as JWTPayload;
        const forged = Buffer.from(
          JSON.stringify({ ...claims, aud: APP_ID, serviceUrl: 'https://evil.example/' }),
        );
        return `${header}.${forged.toString('base64url')}.${signature}`;
      },
      { serviceUrl: 'https://evil.example/' },
    ],
    ['a serviceUrl claim for another service', () => token({ serviceUrl: 'https://other.example/' })],
    ['no serviceUrl claim', () => token({ serviceUrl: undefined })],
    ['a channel the key does not endorse', () => token(), { channelId: 'slack' }],
  ];

  it.each(refusals)('refuses %s with 401 adapter_unauthorized', async (_, make, overrides) => {
    const response = await fetch(new URL(ROUTE, baton.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${await make()}`, 'content-type': 'application/json' },
      body: JSON.stringify(message(overrides)),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('adapter_unauthorized');
    expect(problem.detail).not.toContain('eyJ');
  });

  it('refuses a call without a token, and still takes a Baton agent key (a self-hosted relay)', async () => {
    const missing = await baton.post(undefined, ROUTE, message());
    expect(missing.status).toBe(401);
    expect(missing.body['code']).toBe('unauthenticated');
    const relayed = await baton.post(baton.keys.agent, ROUTE, message());
    expect(relayed.status).toBe(200);
    const operatorKey = await baton.post(baton.keys.operator, ROUTE, message());
    expect(operatorKey.status).toBe(403);
  });

  it('reads the metadata once and caches the keys', () => {
    expect(openId.fetched.metadata).toBe(1);
    expect(openId.fetched.keys).toBeGreaterThanOrEqual(1);
    // Far fewer fetches than tokens verified: the unknown kid may cause one refetch at most.
    expect(openId.fetched.keys).toBeLessThanOrEqual(2);
  });
});
