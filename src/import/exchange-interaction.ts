import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedInteraction } from '../cassette/types.js';
import { framingForContentType, EventSplitter } from '../framing/event-splitter.js';
import { toStoredRequest } from '../match/normalize.js';
import { DEFAULT_KEY_OPTIONS, requestKey, type KeyOptions } from '../match/request-key.js';
import { recordedInteraction } from '../record/interaction-builder.js';
import { roundMs, type TappedFrame, type TappedResponse } from '../record/response-tap.js';
import type { Scrubber } from '../redact/scrubber.js';
import { decodeContent } from './body-decoding.js';
import type { ImportedExchange } from './imported-exchange.js';

/** An exchange that cannot become an interaction, and why (counted in the report). */
export interface Skip {
  reason: string;
}

/**
 * The recorder's own storing path for an exchange read from a file: the request through
 * `toStoredRequest` and `requestKey` (normalize → key, secrets out), the response as the
 * `TappedResponse` the recorder's tap would have produced (decoded body; a 2xx
 * `text/event-stream` or NDJSON body split into frames at their real boundaries by the
 * recorder's `EventSplitter`), then `recordedInteraction` (stored headers, event codec,
 * redaction). Nothing here re-implements a step of recording.
 *
 * Timing: a file that gives the response's receive time (HAR `timings.receive`) has its
 * frames' offsets spread evenly over it, the last frame at the end of the receive; without
 * one every offset is the headers time (0 when unknown). Files record no finer times.
 */
export async function interactionFromExchange(exchange: ImportedExchange, scrubber: Scrubber, keyOptions: KeyOptions = DEFAULT_KEY_OPTIONS): Promise<RecordedInteraction | Skip> {
  const { request, response } = exchange;
  const decoded = await decodeContent(response.body, response.headers['content-encoding']);
  if (decoded.kind === 'unsupported') return { reason: `response compressed with ${decoded.encoding}, which this Node cannot decode` };
  if (decoded.kind === 'corrupt') return response.bodyNode.fail(`the body says content-encoding ${decoded.encoding} but does not decode (${decoded.reason}); the file is damaged or cut off`);

  const stored = toStoredRequest({ method: request.method, path: request.path, search: request.search, headers: request.headers, body: request.body }, scrubber, keyOptions.headers);
  return recordedInteraction(stored, requestKey(stored, keyOptions), tappedResponse(response.status, response.headers, decoded.bytes, exchange.timing), scrubber);
}

/**
 * What the recorder's tap would have produced for this response: the body whole, or — for
 * a 2xx SSE/NDJSON response — its frames, each stamped (see the timing note above).
 */
export function tappedResponse(status: number, headers: IncomingHttpHeaders, body: Buffer, timing?: { headersMs: number; receiveMs: number }): TappedResponse {
  const headersMs = roundMs(timing?.headersMs ?? 0);
  const receiveMs = Math.max(0, timing?.receiveMs ?? 0);
  const tapped: TappedResponse = { status, headers, headersMs, totalMs: roundMs(headersMs + receiveMs), frames: [], ending: 'complete' };
  const contentType = headers['content-type'];
  // As the tap does: only a 2xx is a stream (Gemini sends errors as bare JSON with text/event-stream).
  const framing = status >= 200 && status < 300 ? framingForContentType(Array.isArray(contentType) ? contentType[0] : contentType) : undefined;
  if (!framing) {
    tapped.body = body;
    return tapped;
  }
  const splitter = new EventSplitter(framing);
  const frames = splitter.push(body);
  const tail = splitter.end();
  tapped.framing = framing;
  tapped.frames = frames.map((bytes, i): TappedFrame => ({ t: roundMs(headersMs + (receiveMs * (i + 1)) / frames.length), bytes }));
  if (tail) tapped.tail = tail;
  return tapped;
}
