import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ReplySpec } from '../cassette/types.js';
import type { RequestView } from '../providers/provider.js';

const require = createRequire(import.meta.url);
// fast-json-stable-stringify ships CommonJS.
const stableStringify = require('fast-json-stable-stringify') as (value: unknown) => string;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

/**
 * The earliest `created` a rendered reply can carry: 2024-01-01T00:00:00Z. The actual value
 * is this plus up to one year, derived from the hash — plausible and stable.
 */
export const CREATED_EPOCH_MS = Date.UTC(2024, 0, 1);
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Deterministic identifiers for one rendered reply. Everything derives from a SHA-256 of the
 * request (method, path, canonical JSON body) and the reply, so the same request and reply
 * always render the same bytes, while different requests get different ids.
 */
export class StableIds {
  readonly #seed: string;

  constructor(req: Pick<RequestView, 'method' | 'path' | 'json'>, reply: ReplySpec) {
    this.#seed = sha256(stableStringify({ method: req.method.toUpperCase(), path: req.path, body: req.json ?? null, reply }));
  }

  /** `length` characters of `alphabet` drawn from the hash of (seed, purpose). Same purpose → same string. */
  token(purpose: string, length: number, alphabet: 'base62' | 'hex' = 'base62'): string {
    const chars = alphabet === 'hex' ? HEX : BASE62;
    let out = '';
    for (let block = 0; out.length < length; block++) {
      for (const byte of createHash('sha256').update(`${this.#seed}\0${purpose}\0${block}`).digest()) {
        if (out.length === length) break;
        out += chars[byte % chars.length];
      }
    }
    return out;
  }

  /** A non-negative 32-bit integer for (seed, purpose). */
  int(purpose: string): number {
    return createHash('sha256').update(`${this.#seed}\0${purpose}`).digest().readUInt32BE(0);
  }

  /** The reply's creation instant (ms since epoch): see {@link stableInstantMs}. */
  createdMs(): number {
    return stableInstantMs(`${this.#seed}\0created`);
  }
}

/** An instant derived from `key`: {@link CREATED_EPOCH_MS} plus a hash-derived offset within a year, in whole seconds. */
export function stableInstantMs(key: string): number {
  const n = createHash('sha256').update(key).digest().readUInt32BE(0);
  return CREATED_EPOCH_MS + Math.floor(((n / 0x1_0000_0000) * YEAR_MS) / 1000) * 1000;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A deterministic PRNG (mulberry32) from a 32-bit seed, giving floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
