import type { IncomingHttpHeaders } from 'node:http';
import { bodyAsJson, decodeRequestBody, type BodyUse } from '../cassette/body-codec.js';
import type { StoredBody, StoredHeaders, StoredRequest } from '../cassette/types.js';
import { PROVIDER_STORED_REQUEST_HEADERS } from '../providers/registry.js';
import { REDACTED, SECRET_QUERY_PARAMS, SECRET_REQUEST_HEADERS } from '../redact/secret-rules.js';
import type { Scrubber } from '../redact/scrubber.js';

/**
 * Query parameters that steer mockllm itself (the simple-mock ones: `delay`, `fail`,
 * `fail_chunk`, `stream`): stripped before matching, storing and forwarding.
 */
export const CONTROL_QUERY_PARAMS: ReadonlySet<string> = new Set(['delay', 'fail', 'fail_chunk', 'stream']);

/**
 * Request headers kept in a cassette (besides any configured key headers): they explain the
 * request — `content-type`, and what the provider adapters name (`anthropic-version`,
 * `anthropic-beta`, `openai-beta`).
 */
export const STORED_REQUEST_HEADERS: ReadonlySet<string> = new Set(['content-type', ...PROVIDER_STORED_REQUEST_HEADERS]);

export const MULTIPART_BOUNDARY = 'mockllm-boundary';

/** An HTTP request as it came in, before anything is removed. */
export interface IncomingRequestData {
  method: string;
  /** Path without the query string and without any `/c/NAME` cassette prefix. */
  path: string;
  search: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The storing pipeline for requests: the request as a cassette holds it. Secrets are
 * removed here, so the key (computed from this) never sees them and a stored request
 * matches the same live request: both went through this one function. A server that
 * never writes requests (replay) asks for the `match` body form: same key, less work.
 * Throws `MOCKLLM_E_REQUEST_TOO_DEEP` for a JSON body nested past the limit (see
 * `decodeRequestBody`): everything after this may walk the body recursively.
 */
export function toStoredRequest(req: IncomingRequestData, scrubber: Scrubber, keyHeaders: readonly string[] = [], bodyUse: BodyUse = 'store'): StoredRequest {
  rememberSecrets(req, scrubber);
  const stored: StoredRequest = { method: req.method.toUpperCase(), path: scrubber.scrub(req.path) };

  const query = storedQuery(req.search, scrubber);
  if (query) stored.query = query;

  let body = req.body;
  const headers: StoredHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (!STORED_REQUEST_HEADERS.has(name) && !keyHeaders.includes(name)) continue;
    if (SECRET_REQUEST_HEADERS.has(name) || scrubber.secretHeaders.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.map((v) => scrubber.scrub(v)) : scrubber.scrub(value);
  }
  const boundary = multipartBoundary(req.headers['content-type']);
  if (boundary) {
    body = replaceAll(body, Buffer.from(`--${boundary}`), Buffer.from(`--${MULTIPART_BOUNDARY}`));
    headers['content-type'] = String(headers['content-type']).replace(boundary, MULTIPART_BOUNDARY);
  }
  if (Object.keys(headers).length > 0) stored.headers = headers;

  const decoded = decodeRequestBody(body, bodyUse);
  const storedBody = scrubber.mayChange(body) ? scrubBody(decoded, scrubber) : decoded;
  if (storedBody) stored.body = storedBody;
  return stored;
}

/** Secret values in the request's headers and query are remembered, to be scrubbed wherever they appear. */
export function rememberSecrets(req: Pick<IncomingRequestData, 'headers' | 'search'>, scrubber: Scrubber): void {
  for (const name of scrubber.secretRequestHeaders) {
    const v = req.headers[name];
    if (typeof v === 'string') scrubber.remember(v);
    else if (Array.isArray(v)) v.forEach((x) => scrubber.remember(x));
  }
  for (const [k, v] of req.search) if (SECRET_QUERY_PARAMS.has(k.toLowerCase())) scrubber.remember(v);
}

function storedQuery(search: URLSearchParams, scrubber: Scrubber): Record<string, string | string[]> | undefined {
  if (search.size === 0) return undefined;
  const out: Record<string, string | string[]> = {};
  const names = [...new Set([...search.keys()])].sort();
  for (const name of names) {
    if (CONTROL_QUERY_PARAMS.has(name)) continue;
    const secret = SECRET_QUERY_PARAMS.has(name.toLowerCase());
    const values = search.getAll(name).map((v) => (secret ? REDACTED : scrubber.scrub(v)));
    out[name] = values.length === 1 ? values[0]! : values;
  }
  return names.length > 0 && Object.keys(out).length > 0 ? out : undefined;
}

export function scrubBody(body: StoredBody | undefined, scrubber: Scrubber): StoredBody | undefined {
  if (!body) return body;
  if ('json' in body) {
    const json = scrubber.redactJson(body.json);
    return json === body.json ? body : { ...body, json };
  }
  if ('text' in body) {
    // JSON in a print style mockllm does not re-print is stored as text: --redact-pointer
    // still reaches it (the body is then stored as compact JSON, which is what it means).
    const parsed = scrubber.pointers.length > 0 ? bodyAsJson(body) : undefined;
    if (parsed !== undefined && parsed !== null && typeof parsed === 'object') {
      const json = scrubber.redactJson(parsed);
      if (json !== parsed) return { json };
    }
    const text = scrubber.scrub(body.text);
    return text === body.text ? body : { text };
  }
  // Binary bodies (multipart with a file part) can still carry a key in a text field:
  // latin1 maps bytes 1:1, so scrubbing it changes only the secret's bytes.
  const latin1 = Buffer.from(body.base64, 'base64').toString('latin1');
  const scrubbed = scrubber.scrub(latin1);
  return scrubbed === latin1 ? body : { base64: Buffer.from(scrubbed, 'latin1').toString('base64') };
}

export function isMultipart(contentType: string | undefined): contentType is string {
  return contentType !== undefined && /^multipart\//i.test(contentType);
}

function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!isMultipart(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function replaceAll(haystack: Buffer, needle: Buffer, replacement: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  let at = haystack.indexOf(needle, from);
  if (at === -1) return haystack;
  while (at !== -1) {
    parts.push(haystack.subarray(from, at), replacement);
    from = at + needle.length;
    at = haystack.indexOf(needle, from);
  }
  parts.push(haystack.subarray(from));
  return Buffer.concat(parts);
}
