/**
 * Compressed console assets. Vite's files are content-hashed and never change while the server
 * runs, so each is compressed once (brotli and gzip, off the main thread) and kept in memory; a
 * request gets the best encoding its Accept-Encoding admits, with `Vary: Accept-Encoding` so caches
 * keep the variants apart. Images and fonts are already compressed and go as they are.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Types worth compressing (text); png and woff2 are compressed formats already. */
const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.json', '.map', '.html']);

export type Encoding = 'br' | 'gzip';

interface Variants {
  br: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
}

/** The encoding to send for an Accept-Encoding header: br, then gzip, else none (q=0 refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (encoding: Encoding) => accepted.get(encoding) ?? (accepted.get('*') || 0);
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

/** Whether a file of this extension is sent compressed. */
export function isCompressible(extension: string): boolean {
  return COMPRESSIBLE.has(extension);
}

/** Compressed variants of immutable files, made once per file name. */
export class CompressedAssets {
  readonly #cache = new Map<string, Promise<Variants>>();

  /** The file's body in the encoding, compressing it on first use. */
  async get(name: string, body: Buffer, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
    let variants = this.#cache.get(name);
    if (!variants) {
      variants = Promise.all([
        brotli(body, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
        gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]).then(([br, gz]) => ({ br: new Uint8Array(br), gzip: new Uint8Array(gz) }));
      this.#cache.set(name, variants);
      variants.catch(() => this.#cache.delete(name));
    }
    return (await variants)[encoding];
  }
}
