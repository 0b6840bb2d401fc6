/**
 * The console's assets go compressed (brotli, else gzip, as the client admits, with
 * `Vary: Accept-Encoding`), images as they are; and every response, API and pages alike, carries
 * the security headers with the one Content Security Policy.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../../src/http/compressed-assets.ts';
import type { AppEnv } from '../../src/http/env.ts';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../src/http/security-headers.ts';
import { registerConsole } from '../../src/http/static-console.ts';
import { createStack, type Stack } from './helpers.ts';

let stack: Stack;
let dist: string;
let site: Hono<AppEnv>;
// A bundle-like script: repetitive text, as minified JavaScript is.
const script = Buffer.from(
  Array.from({ length: 3000 }, (_, index) => `function f${index}(a){return a+${index}}`).join(';'),
);
const image = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256));

beforeAll(async () => {
  stack = await createStack();
  dist = await mkdtemp(path.join(tmpdir(), 'baton-assets-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(path.join(dist, 'assets', 'console-abc123.js'), script);
  await writeFile(path.join(dist, 'assets', 'logo-abc123.png'), image);
  site = new Hono<AppEnv>();
  registerConsole(site, stack.service, { distDir: dist, demo: false });
});
afterAll(async () => {
  await stack?.close();
  await rm(dist, { recursive: true, force: true });
});

const asset = (name: string, acceptEncoding?: string) =>
  site.request(`/assets/${name}`, acceptEncoding ? { headers: { 'accept-encoding': acceptEncoding } } : {});

describe('console addresses', () => {
  // A reload or a link opened in a new tab lands on any page of the console, not only on `/`.
  it.each([
    '/',
    '/dashboard',
    '/staffing',
    '/requests',
    '/requests/rq_1',
    '/responses',
    '/queues',
    '/handoffs/ho_1',
  ])('serves the console at %s', async (address) => {
    const response = await site.request(address);
    expect(response.status).toBe(200);
    await expect(response.text()).resolves.toContain('<title>console</title>');
  });
});

describe('compressed console assets', () => {
  it('sends brotli when admitted, and it decodes to the file', async () => {
    const response = await asset('console-abc123.js', 'gzip, deflate, br, zstd');
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.headers.get('content-type')).toContain('text/javascript');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBeLessThan(script.length / 3);
    expect(zlib.brotliDecompressSync(body).equals(script)).toBe(true);
  });

  it('sends gzip to a client without brotli', async () => {
    const response = await asset('console-abc123.js', 'gzip');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(zlib.gunzipSync(Buffer.from(await response.arrayBuffer())).equals(script)).toBe(true);
  });

  it('sends the file as it is to a client that admits no encoding, still varying on it', async () => {
    for (const acceptEncoding of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const response = await asset('console-abc123.js', acceptEncoding);
      expect(response.headers.get('content-encoding'), String(acceptEncoding)).toBeNull();
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
      expect(Buffer.from(await response.arrayBuffer()).equals(script)).toBe(true);
    }
  });

  it('sends images as they are', async () => {
    const response = await asset('logo-abc123.png', 'br, gzip');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await response.arrayBuffer()).equals(image)).toBe(true);
  });

  it.each([
    ['br', 'br'],
    ['gzip, br;q=0', 'gzip'],
    ['*', 'br'],
    ['deflate', null],
    ['', null],
  ] as const)('reads Accept-Encoding %j as %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });
});

describe('security headers', () => {
  it('on API answers, errors included', async () => {
    for (const target of ['/healthz', '/v1/handoffs', '/no-such-path']) {
      const response = await stack.app.request(target);
      expect(response.headers.get('content-security-policy'), target).toBe(CONTENT_SECURITY_POLICY_HEADER);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('on the console page, with a policy that admits only this origin', async () => {
    const response = await stack.app.request('/');
    const policy = response.headers.get('content-security-policy');
    expect(policy).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval');
  });
});
