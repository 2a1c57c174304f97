import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * Undoing a `content-encoding` the upstream applied although mockllm asked for
 * `identity`. Cassettes hold plain bytes (PROTOCOLS.md §8 option b), so the client gets
 * the decoded bytes too, without content-encoding: what it receives in record mode is
 * exactly what replay will send.
 */

export type Decoding =
  /** No encoding (or `identity`): the bytes are the content. */
  | { kind: 'none' }
  /** Decoders to pipe through, in order (the reverse of the order they were applied). */
  | { kind: 'decode'; create: () => Transform[] }
  /** An encoding this Node cannot decode (e.g. zstd): the bytes pass through untouched and are not recorded. */
  | { kind: 'unsupported'; encoding: string };

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export function decodingFor(contentEncoding: string | string[] | undefined): Decoding {
  const value = Array.isArray(contentEncoding) ? contentEncoding.join(',') : (contentEncoding ?? '');
  const codings = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '' && s !== 'identity');
  if (codings.length === 0) return { kind: 'none' };
  const unknown = codings.find((c) => DECODERS[c] === undefined);
  if (unknown !== undefined) return { kind: 'unsupported', encoding: unknown };
  return { kind: 'decode', create: () => [...codings].reverse().map((c) => DECODERS[c]!()) };
}
