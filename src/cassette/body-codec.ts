import { isUtf8 } from 'node:buffer';
import { Errors } from '../errors.js';
import { jsonDeeperThan, MAX_JSON_DEPTH, mayNestDeeperThan } from '../util/json-depth.js';
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
 * JSON nested deeper than {@link MAX_JSON_DEPTH} stays text: a stored form is walked by
 * recursive code (serializer, audit, `show`), and text is replayed byte for byte anyway.
 */
export function decodeBody(bytes: Buffer, use: BodyUse = 'store'): StoredBody | undefined {
  return decode(bytes, use, false);
}

/**
 * {@link decodeBody} for a live request: JSON nested deeper than {@link MAX_JSON_DEPTH}
 * is refused (`MOCKLLM_E_REQUEST_TOO_DEEP`, 400) rather than kept as text, so the key,
 * redaction, rules and the miss explainer only ever see bounded JSON. This is the one
 * place a request body is parsed; the check walks the parsed value once, iteratively, and
 * only when the body is long enough to nest that deep.
 */
export function decodeRequestBody(bytes: Buffer, use: BodyUse): StoredBody | undefined {
  return decode(bytes, use, true);
}

function decode(bytes: Buffer, use: BodyUse, refuseDeep: boolean): StoredBody | undefined {
  if (bytes.length === 0) return undefined;
  if (!isUtf8(bytes)) return { base64: bytes.toString('base64') };
  const text = bytes.toString('utf8');
  const first = text.charCodeAt(0);
  // Only objects and arrays: a bare string or number body is clearer as text.
  if (first !== 0x7b && first !== 0x5b) return { text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { text };
  }
  if (mayNestDeeperThan(text.length) && jsonDeeperThan(parsed)) {
    if (refuseDeep) throw Errors.requestTooDeep(MAX_JSON_DEPTH);
    return { text };
  }
  const json = jsonForm(parsed, text, use);
  if (json) return json;
  const body = { text };
  // JSON in a print style mockllm does not re-print: parsed once here, not again for the key.
  PARSED_TEXT.set(body, parsed);
  return body;
}

function jsonForm(parsed: unknown, text: string, use: BodyUse): StoredBody | undefined {
  if (use === 'match') return { json: parsed };
  for (const indent of [0, 2]) {
    const printed = JSON.stringify(parsed, null, indent);
    if (printed === text) return indent === 0 ? { json: parsed } : { json: parsed, indent };
    if (`${printed}\n` === text) return indent === 0 ? { json: parsed, newline: true } : { json: parsed, indent, newline: true };
  }
  return undefined;
}

/** Text bodies whose JSON was already parsed (and found within the depth limit) when they were decoded. */
const PARSED_TEXT = new WeakMap<StoredBody, unknown>();

export function encodeBody(body: StoredBody | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if ('base64' in body) return Buffer.from(body.base64, 'base64');
  if ('text' in body) return Buffer.from(body.text, 'utf8');
  const printed = JSON.stringify(body.json, null, body.indent ?? 0);
  return Buffer.from(body.newline ? `${printed}\n` : printed, 'utf8');
}

/**
 * The body as a JS value when it is JSON (stored as json, or text that parses). Text whose
 * JSON nests deeper than {@link MAX_JSON_DEPTH} counts as not JSON, so whatever walks the
 * result recursively is safe (`validate` reports such a request body: see
 * {@link bodyTooDeep}).
 */
export function bodyAsJson(body: StoredBody | undefined): unknown {
  if (body === undefined) return undefined;
  if ('json' in body) return body.json;
  if ('text' in body) {
    if (PARSED_TEXT.has(body)) return PARSED_TEXT.get(body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return undefined;
    }
    return mayNestDeeperThan(body.text.length) && jsonDeeperThan(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** Whether a stored request body holds JSON (as text, or base64 of UTF-8 text) nested deeper than a live request may. */
export function bodyTooDeep(body: StoredBody | undefined): boolean {
  if (body === undefined || 'json' in body) return false;
  const text = 'text' in body ? body.text : Buffer.from(body.base64, 'base64').toString('utf8');
  if (!mayNestDeeperThan(text.length)) return false;
  try {
    return jsonDeeperThan(JSON.parse(text));
  } catch {
    return false;
  }
}
