import { isUtf8 } from 'node:buffer';
import type { StoredBody } from './types.js';

/**
 * What a decoded body is for. `store`: the form a cassette keeps, which must give back the
 * exact bytes. `match`: only what matching reads (the parsed JSON of a JSON body), for a
 * request that is replayed and never written — its print style is not checked, which
 * saves printing it again on every replayed request. Both give the same request key.
 */
export type BodyUse = 'store' | 'match';

/**
 * Stores a body in the most editable form that still gives back its exact bytes:
 * JSON (compact or 2-space pretty, with or without a trailing newline) → text → base64.
 */
export function decodeBody(bytes: Buffer, use: BodyUse = 'store'): StoredBody | undefined {
  if (bytes.length === 0) return undefined;
  if (!isUtf8(bytes)) return { base64: bytes.toString('base64') };
  const text = bytes.toString('utf8');
  const json = jsonForm(text, use);
  return json ?? { text };
}

function jsonForm(text: string, use: BodyUse): StoredBody | undefined {
  const first = text.charCodeAt(0);
  // Only objects and arrays: a bare string or number body is clearer as text.
  if (first !== 0x7b && first !== 0x5b) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (use === 'match') return { json: parsed };
  for (const indent of [0, 2]) {
    const printed = JSON.stringify(parsed, null, indent);
    if (printed === text) return indent === 0 ? { json: parsed } : { json: parsed, indent };
    if (`${printed}\n` === text) return indent === 0 ? { json: parsed, newline: true } : { json: parsed, indent, newline: true };
  }
  return undefined;
}

export function encodeBody(body: StoredBody | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if ('base64' in body) return Buffer.from(body.base64, 'base64');
  if ('text' in body) return Buffer.from(body.text, 'utf8');
  const printed = JSON.stringify(body.json, null, body.indent ?? 0);
  return Buffer.from(body.newline ? `${printed}\n` : printed, 'utf8');
}

/** The body as a JS value when it is JSON (stored as json, or text that parses). */
export function bodyAsJson(body: StoredBody | undefined): unknown {
  if (body === undefined) return undefined;
  if ('json' in body) return body.json;
  if ('text' in body) {
    try {
      return JSON.parse(body.text);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
