import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import { decodeBody } from '../cassette/body-codec.js';
import type { RecordedInteraction, StoredHeaders, StoredRequest, StoredResponse, StoredStream } from '../cassette/types.js';
import { decodeEvent } from '../framing/event-codec.js';
import { SECRET_RESPONSE_HEADERS } from '../redact/secret-rules.js';
import type { Scrubber } from '../redact/scrubber.js';
import { bodyIsClean, redactResponse } from './stored-redaction.js';
import type { TappedResponse } from './response-tap.js';
import { TRANSFER_RESPONSE_HEADERS } from '../cassette/transfer-headers.js';

/** Response headers as stored: lower-case, no transfer headers, no secret headers (built-in or `--redact-header`). */
export function storedResponseHeaders(headers: IncomingHttpHeaders, scrubber: Scrubber): StoredHeaders | undefined {
  const out: StoredHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (TRANSFER_RESPONSE_HEADERS.has(lower) || SECRET_RESPONSE_HEADERS.has(lower) || scrubber.secretHeaders.has(lower)) continue;
    out[lower] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The stored (redacted) form of what the upstream sent. */
export function storedResponseFrom(tapped: TappedResponse, scrubber: Scrubber): StoredResponse {
  const response: StoredResponse = { status: tapped.status };
  const headers = storedResponseHeaders(tapped.headers, scrubber);
  if (headers) response.headers = headers;
  response.timing = { headers_ms: tapped.headersMs, total_ms: tapped.totalMs };
  if (tapped.framing) {
    const framing = tapped.framing;
    const stream: StoredStream = { framing, events: tapped.frames.map((f) => decodeEvent(framing, f.bytes, f.t)) };
    if (tapped.tail) {
      // Readable text when it is; a cut inside a multi-byte character keeps its exact bytes.
      if (isUtf8(tapped.tail)) stream.tail = tapped.tail.toString('utf8');
      else stream.tail_base64 = tapped.tail.toString('base64');
    }
    if (tapped.ending === 'reset') stream.ending = 'reset';
    response.stream = stream;
  } else {
    const body = decodeBody(tapped.body ?? Buffer.alloc(0));
    if (body) response.body = body;
  }
  const raw = tapped.framing ? [...tapped.frames.map((f) => f.bytes), ...(tapped.tail ? [tapped.tail] : [])] : [tapped.body ?? Buffer.alloc(0)];
  return redactResponse(response, scrubber, { bodyIsClean: bodyIsClean(raw, scrubber) });
}

/** A recorded interaction: the request as toStoredRequest stored it, with its key, and the redacted response. */
export function recordedInteraction(request: StoredRequest, key: string, tapped: TappedResponse, scrubber: Scrubber): RecordedInteraction {
  return { key, request, response: storedResponseFrom(tapped, scrubber) };
}
