import type { ProviderName } from '../providers/registry.js';

/**
 * The cassette format, version 1, as TypeScript types. `schemas/cassette.schema.json`
 * is the published twin of these types; both change together.
 */

export const CASSETTE_VERSION = 1;

/** Headers as stored: lower-case names, a string or (for repeated headers) a list. */
export type StoredHeaders = Record<string, string | string[]>;

/**
 * A body as stored. Exactly one representation is present:
 * - `json`: the parsed value; `indent` says how it was printed (0 = compact) and
 *   `newline` whether a trailing LF followed. Used only when printing it back gives the
 *   exact original bytes, so a person can edit it and mockllm re-prints it.
 * - `text`: UTF-8 text kept verbatim.
 * - `base64`: anything else (binary, invalid UTF-8).
 */
export type StoredBody =
  | { json: unknown; indent?: number; newline?: boolean }
  | { text: string }
  | { base64: string };

/**
 * One SSE event or NDJSON line, with its arrival offset in ms from the request start.
 * Exactly one of `data` / `text` / `raw` carries the bytes:
 * - `data` (JSON value) → SSE: `[event: E\n]data: <compact JSON>\n\n`; NDJSON: `<compact JSON>\n`.
 * - `text` (string) → SSE: `[event: E\n]data: <text>\n\n` (e.g. `[DONE]`); NDJSON: `<text>\n`.
 * - `raw` → the exact bytes of the frame including its terminator (CRLF framing, padded JSON,
 *   comments, `id:`/`retry:` fields, multi-line data).
 */
export interface StoredEvent {
  t: number;
  event?: string;
  data?: unknown;
  text?: string;
  raw?: string;
  /** Frame bytes that are not valid UTF-8. */
  base64?: string;
}

export type StreamFraming = 'sse' | 'ndjson';

/** How a recorded stream ended. `complete` = upstream closed it normally. */
export type StreamEnding = 'complete' | 'reset';

export interface StoredStream {
  framing: StreamFraming;
  events: StoredEvent[];
  /** Bytes after the last complete event (a stream cut mid-event), when they are UTF-8. */
  tail?: string;
  /** The same, when the cut fell inside a multi-byte character. */
  tail_base64?: string;
  ending?: StreamEnding;
}

export interface StoredRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: StoredHeaders;
  body?: StoredBody;
}

export interface StoredTiming {
  /** ms from request start to response headers. */
  headers_ms?: number;
  /** ms from request start to the end of the response. */
  total_ms?: number;
}

export interface StoredResponse {
  status: number;
  headers?: StoredHeaders;
  body?: StoredBody;
  stream?: StoredStream;
  timing?: StoredTiming;
}

/** A recorded interaction: a full request and what the upstream answered. */
export interface RecordedInteraction {
  id?: string;
  key?: string;
  note?: string;
  request: StoredRequest;
  response: StoredResponse;
}

/** Partial request matcher of a hand-written interaction (see docs/authoring.md). */
export interface MatchSpec {
  method?: string;
  path?: string;
  provider?: ProviderName;
  model?: string | { prefix?: string; regex?: string };
  body?: unknown;
  last_user_message?: TextPattern;
  system?: TextPattern;
  conversation?: Array<{ role?: string; content?: TextPattern }>;
  has_tools?: boolean;
  has_tool_result?: boolean;
  stream?: boolean;
}

/** A string means substring; `{regex}` a regular expression (flags optional). */
export type TextPattern = string | { contains?: string; regex?: string; flags?: string };

export interface ToolCallSpec {
  id?: string;
  name: string;
  arguments: unknown;
}

export interface ReplySpec {
  text?: string;
  reasoning?: string;
  tool_calls?: ToolCallSpec[];
  refusal?: string;
  finish_reason?: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
  model?: string;
  id?: string;
  status?: number;
  chunking?: 'token' | 'word' | 'char' | 'whole' | string[];
  ttft_ms?: number;
  tokens_per_second?: number;
  pauses?: Record<string, number>;
  embedding_dimensions?: number;
  seed?: number;
}

/**
 * A hand-written interaction: a partial matcher, and either a reply mockllm renders in
 * the provider's wire format or a literal response (same shape as a recorded one).
 */
export interface HandWrittenInteraction {
  id?: string;
  note?: string;
  match: MatchSpec;
  reply?: ReplySpec;
  response?: StoredResponse;
}

export type Interaction = RecordedInteraction | HandWrittenInteraction;

export interface CassetteMeta {
  created?: string;
  upstream?: string;
  recorder?: string;
  description?: string;
  [extra: string]: unknown;
}

export interface ModelAlias {
  /** Which interaction ids (or reply) this alias selects; see docs/authoring.md. */
  reply?: ReplySpec;
  provider?: ProviderName;
}

export interface Cassette {
  $schema?: string;
  version: number;
  name?: string;
  meta?: CassetteMeta;
  models?: Record<string, ModelAlias>;
  interactions: Interaction[];
}

export function isHandWritten(i: Interaction): i is HandWrittenInteraction {
  return (i as HandWrittenInteraction).match !== undefined;
}
