import type { IncomingHttpHeaders } from 'node:http';
import type { Cassette, ReplySpec, StoredResponse } from '../cassette/types.js';
import { cassetteProblems } from '../cassette/validate.js';
import type { Problem } from '../errors.js';
import { renderReply as renderHandwritten } from '../handwritten/renderer.js';
import type { KeyOptions } from '../match/request-key.js';
import type { ProviderName, RequestView } from '../providers/provider.js';
import { detectProvider, PROVIDERS } from '../providers/registry.js';
import { readCassetteFile } from '../store/cassette-files.js';

/**
 * Cassette tooling for scripts and editors: load, validate, preview a hand-written reply —
 * the same code the server and `mockllm validate` run.
 */

/** How requests are keyed, as the server is configured (`--ignore`, `--match-headers`). */
export interface KeyingOptions {
  /** JSON pointers left out of the request key. */
  ignore?: string[];
  /** Request headers that take part in the key. */
  matchHeaders?: string[];
}

function keyOptions(o: KeyingOptions): KeyOptions {
  return { ignore: [...(o.ignore ?? [])], headers: (o.matchHeaders ?? []).map((h) => h.toLowerCase()) };
}

/**
 * Reads, parses and validates one cassette file, as the server loads it (stored keys are
 * recomputed on load, so an edited request is not an error here).
 *
 * @throws InvalidCassetteError (`MOCKLLM_E_INVALID_CASSETTE`) with one `Problem` per
 *   issue (`problems`: file, JSON pointer, message), for unreadable, non-JSON or invalid files.
 */
export function loadCassette(file: string, options: KeyingOptions = {}): Cassette {
  return readCassetteFile(file, { key: keyOptions(options), checkStoredKeys: false });
}

/**
 * Every problem of a parsed cassette (schema, duplicate ids, hand-written parts, stored keys
 * that disagree with their request), each with its JSON pointer — what `mockllm validate`
 * reports. An empty list means valid.
 */
export function validateCassette(value: unknown, options: KeyingOptions = {}): Problem[] {
  return cassetteProblems(value, { key: keyOptions(options), checkStoredKeys: true });
}

/** The request a hand-written reply answers, for {@link renderReply}. */
export interface RenderRequest {
  /** Default `POST`. */
  method?: string;
  /** Provider path, e.g. `/v1/chat/completions`, `/api/chat`, `/v1beta/models/gemini-2.0-flash:streamGenerateContent`. */
  path: string;
  query?: string | Record<string, string> | URLSearchParams;
  headers?: IncomingHttpHeaders;
  /** The JSON body (its `stream` flag, model and messages shape the reply). */
  body?: unknown;
  /** Provider whose wire format to use; detected from path, headers and body when absent. */
  provider?: ProviderName;
}

export interface RenderReplyOptions {
  /** Models a listing endpoint reports (`/v1/models`, `/api/tags`). */
  knownModels?: string[];
  /** Clock for `created` timestamps (default: derived from the request, so output is byte-stable). */
  now?: () => number;
}

/**
 * Renders a hand-written `reply` as the provider would have answered `request`: status,
 * headers and either a body or a stream of timed events — the `StoredResponse` a cassette
 * holds, exactly what the server would replay for it. Deterministic.
 *
 * ```ts
 * const res = renderReply({ text: 'Hello!' }, { path: '/v1/chat/completions', body: { model: 'gpt-4o', stream: true, messages: [] } });
 * res.stream?.events.length;   // role, content chunks, finish, [DONE]
 * ```
 */
export function renderReply(reply: ReplySpec, request: RenderRequest, options: RenderReplyOptions = {}): StoredResponse {
  const view: RequestView = {
    method: (request.method ?? 'POST').toUpperCase(),
    path: request.path,
    query: request.query instanceof URLSearchParams ? request.query : new URLSearchParams(request.query ?? ''),
    headers: request.headers ?? {},
    json: request.body,
  };
  const provider = request.provider ? PROVIDERS[request.provider] : detectProvider(view);
  return renderHandwritten(reply, view, { provider, knownModels: options.knownModels ?? [], ...(options.now ? { now: options.now } : {}) });
}
