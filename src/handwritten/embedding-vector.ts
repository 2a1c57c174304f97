import { createHash } from 'node:crypto';
import type { ReplySpec } from '../cassette/types.js';
import { asRecord } from '../providers/request-fields.js';
import { seededRandom } from './stable-id.js';

/** Vector length when neither the reply (`embedding_dimensions`) nor the request (`dimensions`) sets one. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 8;

/**
 * The vector length of an embeddings reply: `reply.embedding_dimensions`, else the request
 * body's `dimensions`, else {@link DEFAULT_EMBEDDING_DIMENSIONS} (8).
 */
export function embeddingDimensions(reply: ReplySpec, body: unknown): number {
  if (reply.embedding_dimensions !== undefined) return reply.embedding_dimensions;
  const requested = asRecord(body)?.dimensions;
  return typeof requested === 'number' && Number.isInteger(requested) && requested > 0 ? requested : DEFAULT_EMBEDDING_DIMENSIONS;
}

/**
 * A deterministic unit-length embedding for one input: a PRNG seeded from SHA-256 of
 * (`seed`, input text) draws components uniform in [-1, 1), which are then L2-normalized and
 * rounded to float32. The same input and seed always give the same vector, whatever the
 * model or the rest of the request, so equal texts embed equally (similarity tests work);
 * different texts give unrelated vectors.
 */
export function embeddingVector(input: string, dimensions: number, seed = 0): number[] {
  const digest = createHash('sha256').update(`${seed}\0${input}`).digest();
  const random = seededRandom(digest.readUInt32BE(0));
  const raw = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((v) => shortestFloat32(v / norm));
}

/**
 * The float32 nearest `value`, as the shortest decimal that rounds back to it — how real
 * servers print float32 embeddings (`-0.031546354`), and exact for base64 packing.
 */
export function shortestFloat32(value: number): number {
  const f = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** Little-endian float32 packing, base64-encoded (OpenAI `encoding_format: "base64"`). */
export function float32Base64(vector: readonly number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

/** The inputs of an embeddings request: a string, a list of strings, or token arrays (printed as JSON). */
export function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return input === undefined ? [] : [JSON.stringify(input)];
  if (input.every((v) => typeof v === 'number')) return [JSON.stringify(input)];
  return input.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}
