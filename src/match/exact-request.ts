import { hash } from 'node:crypto';
import { encodeBody } from '../cassette/body-codec.js';
import type { StoredRequest } from '../cassette/types.js';
import { Scrubber } from '../redact/scrubber.js';
import { isMultipart, toStoredRequest, type IncomingRequestData } from './normalize.js';
import { requestKey, type KeyOptions } from './request-key.js';

/**
 * The fast path of matching. A replayed test suite mostly sends the very bytes it sent
 * when it recorded: same code, same SDK, deterministic serialization. For such a request
 * the matching pipeline (decode, parse, redact, canonical JSON, sha256) would compute a
 * key that is already known at load time, because the cassette holds those bytes. So each
 * recorded request is also indexed by a signature of its exact bytes, mapped to the key
 * the pipeline itself computes from them, and a live request with that signature skips
 * the pipeline. Any other request (keys in another order, other spacing) takes the
 * pipeline as before: the fast path never changes which interaction matches.
 *
 * It applies only where the pipeline reduces to decode + key: no query string (its order
 * and secret parameters are normalized), no key headers, not multipart (the boundary is
 * rewritten), and nothing in the path or body that the scrubber would change.
 *
 * It also skips the depth check (`decodeRequestBody`), safely: a signature is only ever
 * indexed for a recorded request that passed load validation, which refuses a recorded
 * request body nested deeper than a live one may be (`cassette/servable-checks`). Bytes
 * equal to such a body nest exactly as deep, so whatever later parses them on demand
 * (a rule, the log) stays within the limit.
 */
export function exactSignature(method: string, path: string, body: Buffer): string {
  return `${method.toUpperCase()} ${path} ${hash('sha256', body, 'base64')}`;
}

/**
 * The built-in shapes only, whatever the server has seen (cassettes are also indexed on
 * reload and while recording). Enough: every live scrubber redacts these shapes too, and a
 * live request its scrubber could change in any way never takes the fast path, so on the
 * requests that do, both leave the bytes alone and the pipeline gives one key.
 */
const LOAD_SCRUBBER = new Scrubber();
const NO_QUERY = new URLSearchParams();

/**
 * The signature of a stored request whose exact bytes can take the fast path, or
 * undefined. `key` is the entry's key; the signature is kept only when the pipeline
 * computes that same key from the request's bytes. That check is what makes it right;
 * the ones before it only spare work, since a live request with a query, key headers or
 * a multipart body never looks a signature up.
 */
export function storedSignature(request: StoredRequest, key: string, keyOptions: KeyOptions): string | undefined {
  if (keyOptions.headers.length > 0 || (request.query !== undefined && Object.keys(request.query).length > 0)) return undefined;
  if (isMultipart(contentTypeOf(request))) return undefined;
  const incoming: IncomingRequestData = { method: request.method, path: request.path, search: NO_QUERY, headers: {}, body: encodeBody(request.body) };
  if (requestKey(toStoredRequest(incoming, LOAD_SCRUBBER, [], 'match'), keyOptions) !== key) return undefined;
  return exactSignature(incoming.method, incoming.path, incoming.body);
}

/** The signature of a live request, or undefined when it must take the pipeline. */
export function liveSignature(incoming: IncomingRequestData, scrubber: Scrubber, keyOptions: KeyOptions): string | undefined {
  if (keyOptions.headers.length > 0 || incoming.search.size > 0 || isMultipart(incoming.headers['content-type'])) return undefined;
  if (scrubber.mayChange(incoming.body) || scrubber.mayChangeText(incoming.path)) return undefined;
  return exactSignature(incoming.method, incoming.path, incoming.body);
}

function contentTypeOf(request: StoredRequest): string | undefined {
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name.toLowerCase() === 'content-type') return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
