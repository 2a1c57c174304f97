import type { StoredEvent, StoredHeaders, StoredResponse, StreamFraming } from '../cassette/types.js';

/** How a JSON body is printed: 2-space pretty like api.openai.com and Gemini, or compact like Ollama and Anthropic. */
export interface JsonFormat {
  indent?: number;
  newline?: boolean;
}

/**
 * A non-stream JSON response in the cassette's own shape. `readyMs` (when > 0) is when the
 * whole answer is ready: headers and body go out then, as a real non-streaming server does.
 */
export function jsonResponse(status: number, headers: StoredHeaders, json: unknown, format: JsonFormat = {}, readyMs = 0): StoredResponse {
  const body: { json: unknown; indent?: number; newline?: boolean } = { json };
  if (format.indent) body.indent = format.indent;
  if (format.newline) body.newline = true;
  const response: StoredResponse = { status, headers, body };
  if (readyMs > 0) response.timing = { headers_ms: readyMs, total_ms: readyMs };
  return response;
}

/** A streamed response; events must be in order of `t`. */
export function streamResponse(status: number, headers: StoredHeaders, framing: StreamFraming, events: StoredEvent[]): StoredResponse {
  const response: StoredResponse = { status, headers, stream: { framing, events } };
  const last = events[events.length - 1]?.t ?? 0;
  if (last > 0) response.timing = { total_ms: last };
  return response;
}

/** An SSE event whose data is compact JSON (`[event: NAME\n]data: {…}\n\n`). */
export function sseData(t: number, data: unknown, event?: string): StoredEvent {
  return event === undefined ? { t, data } : { t, event, data };
}

/** An NDJSON line (`{…}\n`). */
export function ndjsonLine(t: number, data: unknown): StoredEvent {
  return { t, data };
}
