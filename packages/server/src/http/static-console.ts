/**
 * Serves the built console (packages/console/dist, made by `npm run build -w @baton/console`):
 * the operator's workspace at `/` and `/dashboard`, the customer demo at `/demo` (with its small
 * API under `/demo/api`, see ../demo). When the console is not built, those pages say how to build
 * it instead of failing with a bare 404. Only known paths are served: everything else still falls
 * through to the API's problem+json 404.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { registerDemoRoutes } from '../demo/demo-routes.ts';
import type { Service } from '../service/types.ts';
import type { AppEnv } from './env.ts';
import { CompressedAssets, isCompressible, pickEncoding } from './compressed-assets.ts';
import { CONTENT_SECURITY_POLICY_HEADER } from './security-headers.ts';

export interface ConsoleOptions {
  /** The console's build folder; packages/console/dist by default. */
  distDir?: string;
  /** Mount `/demo` and its agent (default true). */
  demo?: boolean;
}

export const DEFAULT_CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Pages are never cached (a new build shows at once); hashed assets are cached for good. */
const NO_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

// Pages that share the console's security stance: no framing, no sniffing, same-origin scripts only.
const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
};

function notBuiltPage(distDir: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baton: the console is not built</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2330;line-height:1.5}
code,pre{background:#f5f6f9;padding:.1rem .3rem;border-radius:4px}pre{padding:.75rem}</style></head><body>
<h1>The console is not built yet</h1>
<p>Baton's API is running, but the web console (the operator workspace, the dashboard and the demo) has not been
built. <code>npm start</code> builds it first; when starting the server another way, build it once with:</p>
<pre>npm run build -w @baton/console</pre>
<p>then reload this page. (Looked in <code>${distDir.replace(/[<>&]/g, '')}</code>.)</p>
<p>The API itself works now: <a href="/openapi.json">/openapi.json</a>.</p></body></html>`;
}

/** Registers the console's pages and assets, and the demo, on the app. */
export function registerConsole(app: Hono<AppEnv>, service: Service, options: ConsoleOptions = {}): void {
  const distDir = path.resolve(options.distDir ?? DEFAULT_CONSOLE_DIST);
  const assetsDir = path.join(distDir, 'assets');
  const compressedAssets = new CompressedAssets();

  const page = (file: string) => async () => {
    const html = await readFile(path.join(distDir, file)).catch(() => null);
    if (!html) {
      return new Response(notBuiltPage(distDir), {
        status: 503,
        headers: { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': NO_CACHE, ...PAGE_HEADERS },
      });
    }
    return new Response(html, {
      headers: { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': NO_CACHE, ...PAGE_HEADERS },
    });
  };

  app.get('/', page('index.html'));
  app.get('/dashboard', page('index.html'));
  app.get('/staffing', page('index.html'));
  app.get('/requests', page('index.html'));
  app.get('/requests/:requestId', page('index.html')); // One consult or approval's own address.
  app.get('/responses', page('index.html'));
  app.get('/queues', page('index.html'));
  app.get('/handoffs/:handoffId', page('index.html')); // One handoff's own address in the console.
  if (options.demo ?? true) {
    app.get('/demo', page('demo.html'));
    registerDemoRoutes(app, service);
  }

  app.get('/assets/:file', async (c) => {
    const name = c.req.param('file');
    // Vite's asset names only: no separators, no dot-files, so nothing outside assets/ is reachable.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return c.notFound();
    const file = path.join(assetsDir, name);
    const body = await readFile(file).catch(() => null);
    if (!body) return c.notFound();
    const extension = path.extname(name);
    const type = CONTENT_TYPES[extension] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': IMMUTABLE,
      'x-content-type-options': 'nosniff',
    };
    if (!isCompressible(extension)) return new Response(body, { headers });
    // Compressed once per file (brotli, else gzip); caches keep the variants apart.
    headers['vary'] = 'Accept-Encoding';
    const encoding = pickEncoding(c.req.header('accept-encoding'));
    if (!encoding) return new Response(body, { headers });
    const compressed = await compressedAssets.get(name, body, encoding);
    return new Response(compressed, { headers: { ...headers, 'content-encoding': encoding } });
  });
}
