import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { bodyAsJson, decodeBody } from '../cassette/body-codec.js';
import type { StoredBody, StoredRequest } from '../cassette/types.js';
import { SECRET_QUERY_PARAMS } from '../redact/secret-rules.js';
import { withoutPointer } from '../util/json-pointer.js';
import { canonicalJsonSha256 } from './canonical-json.js';

/** What a key is computed from; configured once per server. */
export interface KeyOptions {
  /** JSON pointers removed from JSON bodies before hashing (`*` = any key/index). */
  ignore: readonly string[];
  /** Request headers that take part in the key (lower-case). Default: none. */
  headers: readonly string[];
}

export const DEFAULT_KEY_OPTIONS: KeyOptions = Object.freeze({ ignore: [], headers: [] });

/**
 * The matching pipeline: reduces a stored request to exactly what identifies it, then
 * hashes it. Key order in JSON bodies is ignored, array order kept.
 */
export function matchView(req: StoredRequest, options: KeyOptions = DEFAULT_KEY_OPTIONS): Record<string, unknown> {
  const view: Record<string, unknown> = { method: req.method.toUpperCase(), path: req.path };
  if (req.query) {
    const query: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(req.query)) if (!SECRET_QUERY_PARAMS.has(k.toLowerCase())) query[k] = v;
    if (Object.keys(query).length > 0) view.query = query;
  }
  if (options.headers.length > 0 && req.headers) {
    const headers: Record<string, unknown> = {};
    for (const name of options.headers) if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    view.headers = headers;
  }
  const body = bodyForKey(req.body, options.ignore);
  if (body !== undefined) view.body = body;
  return view;
}

function bodyForKey(body: StoredBody | undefined, ignore: readonly string[]): unknown {
  if (body === undefined) return undefined;
  const json = bodyAsJson(body);
  if (json !== undefined) return ignore.reduce<unknown>((v, p) => withoutPointer(v, p), json);
  if ('text' in body) return { text: body.text };
  if (!('base64' in body)) return undefined;
  const bytes = Buffer.from(body.base64, 'base64');
  // A hand-written base64 body of UTF-8 text keys as the text (or JSON) it spells: a live
  // request with those bytes is decoded that way.
  if (isUtf8(bytes)) return bodyForKey(decodeBody(bytes, 'match'), ignore);
  return { sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** sha256 of the match view's canonical JSON (key order ignored, array order kept). */
export function requestKey(req: StoredRequest, options: KeyOptions = DEFAULT_KEY_OPTIONS): string {
  return canonicalJsonSha256(matchView(req, options));
}
