/**
 * The pure parts of webhooks, table by table: which addresses are private, how a URL is checked,
 * the retry schedule and Retry-After, the verdict on each kind of answer, and signatures checked by
 * the `standardwebhooks` package and `svix` (a tampered body and a stale timestamp fail).
 */
import { describe, expect, it } from 'vitest';
import { judgeAttempt } from '../../src/webhooks/attempt-verdict.ts';
import { STANDARD_RETRY_SCHEDULE, webhookConfig } from '../../src/webhooks/config.ts';
import { nextRetryDelay, parseRetryAfter } from '../../src/webhooks/retry-schedule.ts';
import type { SendResult } from '../../src/webhooks/send-webhook.ts';
import { newWebhookSecret, signatureHeader } from '../../src/webhooks/signature.ts';
import { checkWebhookUrl, isPrivateAddress } from '../../src/webhooks/url-safety.ts';
import { verifyBoth, verifyStandard, verifySvix } from './receiver.ts';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.10', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['198.51.100.7', true],
    ['93.184.216.34', false],
    ['8.8.8.8', false],
    ['::1', true],
    ['::', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['fd00::1', true],
    ['fe80::1%eth0', true],
    ['ff02::1', true],
    ['64:ff9b::a00:1', true],
    ['2001:db8::1', true],
    ['2606:4700:4700::1111', false],
    ['not-an-address', true],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('checkWebhookUrl', () => {
  const resolveTable: Record<string, string[]> = {
    'public.example': ['93.184.216.34'],
    'internal.example': ['10.0.0.7'],
    'mixed.example': ['93.184.216.34', '192.168.0.2'],
    'v6-loopback.example': ['::1'],
  };
  const resolve = async (host: string) => {
    const addresses = resolveTable[host];
    if (!addresses) throw new Error('ENOTFOUND');
    return addresses;
  };
  const check = (url: string, allowPrivate = false) => checkWebhookUrl(url, { allowPrivate, resolve });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.5/',
    'https://internal.example/hook',
    'https://mixed.example/hook',
    'https://v6-loopback.example/hook',
    'https://unknown.example/hook',
    'http://2130706433/', // 127.0.0.1 written as one number: the URL parser normalises it
    'ftp://public.example/',
    'https://user:pass@public.example/hook',
  ])('refuses %s', async (url) => {
    const result = await checkWebhookUrl(url, {
      allowPrivate: false,
      // `localhost` resolves to loopback, as a real resolver says.
      resolve: async (host) => (host === 'localhost' ? ['127.0.0.1', '::1'] : resolve(host)),
    });
    expect(result.ok).toBe(false);
  });

  it('accepts public hosts and public literals', async () => {
    expect((await check('https://public.example/hook')).ok).toBe(true);
    expect((await check('http://93.184.216.34/hook')).ok).toBe(true);
  });

  it('accepts private addresses when the administrator allows them', async () => {
    expect((await check('http://127.0.0.1:8080/hook', true)).ok).toBe(true);
    expect((await check('https://internal.example/hook', true)).ok).toBe(true);
    // Credentials and other schemes stay refused.
    expect((await check('https://user:pass@public.example/hook', true)).ok).toBe(false);
  });

  it('says why', async () => {
    const result = await check('https://internal.example/hook');
    expect(result).toEqual({
      ok: false,
      reason: 'internal.example resolves to 10.0.0.7, a loopback, link-local or private address',
    });
  });
});

describe('the retry schedule', () => {
  it('is the specification’s example by default', () => {
    expect(webhookConfig().retrySchedule).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
    ]);
    expect(STANDARD_RETRY_SCHEDULE).toHaveLength(10);
  });

  it('gives the delay after each failed attempt, then none', () => {
    const schedule = [0, 100, 1_000];
    expect(nextRetryDelay(schedule, 1, 0, Math.random)).toBe(100);
    expect(nextRetryDelay(schedule, 2, 0, Math.random)).toBe(1_000);
    expect(nextRetryDelay(schedule, 3, 0, Math.random)).toBeNull();
  });

  it('spreads delays by the jitter, both ways', () => {
    expect(nextRetryDelay([0, 1_000], 1, 0.1, () => 0)).toBe(900);
    expect(nextRetryDelay([0, 1_000], 1, 0.1, () => 0.5)).toBe(1_000);
    expect(nextRetryDelay([0, 1_000], 1, 0.1, () => 0.999_999)).toBe(1_100);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-03-02T09:00:00.000Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('refuses settings that would lose leases mid-attempt', () => {
    expect(() => webhookConfig({ timeoutMs: 30_000, leaseMs: 20_000 })).toThrow(/leaseMs/);
    expect(() => webhookConfig({ retrySchedule: [] })).toThrow(/schedule/);
  });
});

describe('judgeAttempt', () => {
  const config = { retrySchedule: [0, 1_000, 60_000], jitter: 0, maxRetryAfterMs: 3_600_000 };
  const now = new Date('2026-03-02T09:00:00.000Z');
  const response = (status: number, retryAfter: string | null = null): SendResult => ({
    kind: 'response',
    status,
    retryAfter,
    excerpt: '',
    durationMs: 5,
  });
  const judge = (result: SendResult, attemptsInRound = 1) =>
    judgeAttempt(result, attemptsInRound, config, now, () => 0.5);
  const inMs = (date: Date | null) => (date === null ? null : date.getTime() - now.getTime());

  it('takes any 2xx as success', () => {
    for (const status of [200, 201, 202, 204, 299]) {
      expect(judge(response(status))).toMatchObject({ outcome: 'succeeded', state: 'succeeded' });
    }
  });

  it('retries 3xx (redirects are not followed), 4xx and 5xx on the schedule', () => {
    for (const status of [301, 302, 307, 400, 401, 404, 500, 502]) {
      const verdict = judge(response(status));
      expect(verdict).toMatchObject({ outcome: 'failed', state: 'failed', statusCode: status });
      expect(inMs(verdict.nextAttemptAt)).toBe(1_000);
    }
    expect(judge(response(302)).error).toMatch(/redirects are not followed/);
  });

  it('kills the delivery and disables the subscription on 410', () => {
    expect(judge(response(410))).toMatchObject({
      state: 'dead',
      disableSubscription: true,
      nextAttemptAt: null,
    });
  });

  it('honours Retry-After on 429 and 503, never sooner than the schedule, capped', () => {
    expect(inMs(judge(response(429, '30')).nextAttemptAt)).toBe(30_000);
    expect(inMs(judge(response(503, '30')).nextAttemptAt)).toBe(30_000);
    expect(inMs(judge(response(429, '0')).nextAttemptAt)).toBe(1_000);
    expect(inMs(judge(response(429, '999999')).nextAttemptAt)).toBe(3_600_000);
    // Only on 429 and 503.
    expect(inMs(judge(response(500, '30')).nextAttemptAt)).toBe(1_000);
  });

  it('is dead after the last attempt of the schedule', () => {
    expect(judge(response(500), 2).state).toBe('failed');
    expect(judge(response(500), 3)).toMatchObject({ state: 'dead', nextAttemptAt: null });
    expect(judge(response(429, '5'), 3).state).toBe('dead');
  });

  it('retries network errors and timeouts, and an interrupted attempt at once', () => {
    const error: SendResult = { kind: 'error', error: 'timed out', interrupted: false, durationMs: 1 };
    expect(inMs(judge(error).nextAttemptAt)).toBe(1_000);
    const interrupted: SendResult = { ...error, interrupted: true };
    expect(judge(interrupted, 3)).toMatchObject({ state: 'failed' });
    expect(inMs(judge(interrupted, 3).nextAttemptAt)).toBe(0);
  });
});

describe('signatures', () => {
  const body = Buffer.from(
    JSON.stringify({ type: 'turn-created', timestamp: 'now', data: { text: 'Grüße ✓' } }),
  );
  const signed = (secrets: string[], timestamp = Math.floor(Date.now() / 1_000), payload = body) => ({
    headers: {
      'webhook-id': 'msg_test',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(secrets, 'msg_test', timestamp, payload),
    },
    body: payload.toString('utf8'),
  });

  it('makes secrets of the whsec_ form', () => {
    expect(newWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
  });

  it('verifies with standardwebhooks and svix, non-ASCII bytes included', () => {
    const secret = newWebhookSecret();
    expect(verifyBoth(secret, signed([secret]))).toEqual(JSON.parse(body.toString('utf8')));
  });

  it('fails a tampered body', () => {
    const secret = newWebhookSecret();
    const request = signed([secret]);
    const tampered = { ...request, body: request.body.replace('Grüße', 'Grüsse') };
    expect(() => verifyStandard(secret, tampered)).toThrow(/signature/i);
    expect(() => verifySvix(secret, tampered)).toThrow(/signature/i);
  });

  it('fails a stale timestamp, even correctly signed', () => {
    const secret = newWebhookSecret();
    const stale = signed([secret], Math.floor(Date.now() / 1_000) - 10 * 60);
    expect(() => verifyStandard(secret, stale)).toThrow(/too old/i);
    expect(() => verifySvix(secret, stale)).toThrow(/too old/i);
  });

  it('fails another secret, and passes either of two during a rotation', () => {
    const [next, previous, other] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()];
    const request = signed([next, previous]);
    expect(request.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => verifyBoth(next, request)).not.toThrow();
    expect(() => verifyBoth(previous, request)).not.toThrow();
    expect(() => verifyStandard(other, request)).toThrow(/signature/i);
  });
});
