import type { StoredEvent, StoredHeaders, StoredRequest, StoredResponse } from '../cassette/types.js';
import { scrubBody } from '../match/normalize.js';
import { REDACTED } from '../redact/secret-rules.js';
import type { Scrubber } from '../redact/scrubber.js';

/**
 * The storing pipeline's last step for recorded interactions: every string that will be
 * written goes through the scrubber (known secret shapes, `--redact-pattern`, every
 * secret value seen in this process's requests) and `--redact-pointer` applies to JSON
 * bodies and stream event payloads. Idempotent, so a writer can run it again when the
 * scrubber learned a new secret after an interaction was built.
 */

export function redactResponse(response: StoredResponse, scrubber: Scrubber, options: { bodyIsClean?: boolean } = {}): StoredResponse {
  const out: StoredResponse = { ...response };
  if (response.headers) out.headers = scrubHeaders(response.headers, scrubber);
  if (options.bodyIsClean) return out;
  if (response.body) out.body = scrubBody(response.body, scrubber)!;
  if (response.stream) {
    const stream = { ...response.stream, events: response.stream.events.map((e) => redactEvent(e, scrubber)) };
    if (stream.tail !== undefined) stream.tail = scrubber.scrub(stream.tail);
    if (stream.tail_base64 !== undefined) stream.tail_base64 = scrubBase64(stream.tail_base64, scrubber);
    out.stream = stream;
  }
  return out;
}

/** A stored request scrubbed again (toStoredRequest already did it once with what was known then). */
export function redactRequest(request: StoredRequest, scrubber: Scrubber): StoredRequest {
  const out: StoredRequest = { ...request, path: scrubber.scrub(request.path) };
  if (request.query) {
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(request.query)) query[k] = Array.isArray(v) ? v.map((x) => scrubValue(x, scrubber)) : scrubValue(v, scrubber);
    out.query = query;
  }
  if (request.headers) out.headers = scrubHeaders(request.headers, scrubber);
  if (request.body) out.body = scrubBody(request.body, scrubber)!;
  return out;
}

/**
 * Whether raw body bytes hold nothing to redact, checked on the bytes instead of string
 * by string through the parsed events (a 200-event stream is checked once, not 200 × its
 * strings). See `Scrubber.mayChange`.
 */
export function bodyIsClean(bytes: readonly Buffer[], scrubber: Scrubber): boolean {
  return !bytes.some((b) => scrubber.mayChange(b));
}

function scrubValue(v: string, scrubber: Scrubber): string {
  return v === REDACTED ? v : scrubber.scrub(v);
}

function scrubHeaders(headers: StoredHeaders, scrubber: Scrubber): StoredHeaders {
  const out: StoredHeaders = {};
  for (const [k, v] of Object.entries(headers)) out[k] = Array.isArray(v) ? v.map((x) => scrubber.scrub(x)) : scrubber.scrub(v);
  return out;
}

function redactEvent(e: StoredEvent, scrubber: Scrubber): StoredEvent {
  const out: StoredEvent = { ...e };
  if (e.event !== undefined) out.event = scrubber.scrub(e.event);
  if (e.data !== undefined) out.data = scrubber.redactJson(e.data);
  if (e.text !== undefined) out.text = scrubber.scrub(e.text);
  if (e.raw !== undefined) out.raw = scrubber.scrub(e.raw);
  if (e.base64 !== undefined) out.base64 = scrubBase64(e.base64, scrubber);
  return out;
}

/** latin1 maps bytes 1:1: only a secret's own bytes change in non-UTF-8 data. */
function scrubBase64(base64: string, scrubber: Scrubber): string {
  const latin1 = Buffer.from(base64, 'base64').toString('latin1');
  const scrubbed = scrubber.scrub(latin1);
  return scrubbed === latin1 ? base64 : Buffer.from(scrubbed, 'latin1').toString('base64');
}
