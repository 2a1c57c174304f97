import { isUtf8 } from 'node:buffer';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decodingFor } from '../upstream/content-decoding.js';

/** What became of a body whose headers name a `content-encoding`. */
export type BodyDecoding =
  | { kind: 'plain'; bytes: Buffer }
  | { kind: 'decoded'; bytes: Buffer }
  /** Compressed (it says so and looks so) but it does not decode: corrupt or cut off. */
  | { kind: 'corrupt'; encoding: string; reason: string }
  /** An encoding this Node cannot decode (zstd), on bytes that are not already text. */
  | { kind: 'unsupported'; encoding: string };

/**
 * Cassettes hold decoded bytes. A HAR's `content.text` is decoded by definition (HAR 1.2
 * §content) while its headers still say `content-encoding: gzip`; a vcrpy cassette keeps
 * the wire bytes (`!!binary` gzip) unless `decode_compressed_response` was on. So the
 * header alone cannot decide: the bytes are decoded (through the recorder's own decoders)
 * when they decode, and taken as they are when they do not and do not look compressed.
 * A body that carries the gzip or zlib magic and still fails is corrupt or truncated.
 */
export async function decodeContent(bytes: Buffer, contentEncoding: string | string[] | undefined): Promise<BodyDecoding> {
  const decoding = decodingFor(contentEncoding);
  if (decoding.kind === 'none' || bytes.length === 0) return { kind: 'plain', bytes };
  const encoding = Array.isArray(contentEncoding) ? contentEncoding.join(', ') : String(contentEncoding);
  if (decoding.kind === 'unsupported') return isUtf8(bytes) ? { kind: 'plain', bytes } : { kind: 'unsupported', encoding: decoding.encoding };
  try {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    await pipeline([Readable.from([bytes]), ...decoding.create(), sink]);
    return { kind: 'decoded', bytes: Buffer.concat(chunks) };
  } catch (e) {
    if (looksCompressed(bytes)) return { kind: 'corrupt', encoding, reason: (e as Error).message };
    return { kind: 'plain', bytes };
  }
}

/** gzip's magic number, or a zlib (deflate) header: bytes that claim to be compressed. */
function looksCompressed(b: Buffer): boolean {
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return true;
  return b.length >= 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0;
}
