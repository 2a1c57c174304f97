import type { IncomingHttpHeaders } from 'node:http';
import type { StoredResponse, StreamFraming } from '../cassette/types.js';
import type { ResolvedReply } from '../handwritten/resolved-reply.js';
import type { ConversationMessage } from './conversation-parts.js';

export type { ProviderName } from './registry.js';

/** The parts of a request a provider adapter looks at. */
export interface RequestView {
  method: string;
  /** Path without query and without a `/c/NAME` cassette prefix. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

/** A provider-independent description of an error; each adapter gives it its wire shape. */
export interface ErrorSpec {
  status: number;
  message: string;
  /** Provider error type (OpenAI `type`, Anthropic `error.type`, Gemini `status`); a sensible default per status when absent. */
  type?: string;
  code?: string | null;
  param?: string | null;
}

export interface ErrorPayload {
  contentType: string;
  body: Buffer;
}

/** How one provider words a ready-made error (a status preset): any field it leaves out keeps the preset's. */
export interface ErrorWording {
  status?: number;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
}

/** Provider-independent finish reasons (OpenAI's names). */
export type CanonicalFinish = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** One quota of a rate limit (`requests` or `tokens`) as a 429 reports it. */
export interface RateQuota {
  what: 'requests' | 'tokens';
  limit: number;
  remaining: number;
  /** When the quota resets, already in the provider's format (see {@link ProviderAdapter.formatRateReset}). */
  reset: string;
}

/** A hand-written reply renderer: the resolved reply → the response the provider would send. */
export type ReplyRenderer = (reply: ResolvedReply) => StoredResponse;

/** One endpoint a provider serves and hand-written replies render for: paths are matched by their end. */
export interface Endpoint {
  /** Tested against the request path (without query and cassette prefix). */
  test: RegExp;
  render: ReplyRenderer;
}

/** A chat request in a provider's shape, for `mockllm render` and `mockllm new`. */
export interface SampleRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A conversation turn as `mockllm render` builds a sample request from a matcher. */
export interface SampleTurn {
  role: string;
  content: string;
}

/**
 * What mockllm knows about one provider's wire protocol: everything provider-specific, so
 * that the core, the fault kinds and the hand-written layer ask the adapter instead of
 * testing a provider's name. Each provider is one folder (`src/providers/<name>/`) whose
 * `adapter.ts` builds one of these with {@link defineProvider}, plus one line in
 * `registry.ts`.
 */
export interface ProviderAdapter {
  /** Its name in `--provider`, `match.provider`, `when.provider` (see `ProviderName` in registry.ts). */
  readonly name: string;

  // Where its requests go.
  /** Whether this request is addressed to this provider (by path and headers). */
  detect(req: RequestView): boolean;
  /** First path segments of its endpoints (`v1`, `api`…): a `/c/NAME/` cassette prefix ends before one. */
  readonly pathRoots: readonly string[];
  /** What an SDK's base URL adds to mockllm's URL: `/v1` for OpenAI, nothing for the others. */
  readonly sdkBasePath: string;
  /** Environment variables its official SDKs read: the base URL, and (optionally) the API key. */
  readonly sdkEnv: { readonly baseUrl: string; readonly apiKey?: string };
  /** Request headers a cassette keeps because they explain the request (`anthropic-version`). */
  readonly storedRequestHeaders: readonly string[];
  /**
   * Whether a path it detected is one of its public API's paths (more than the endpoints
   * mockllm renders: audio, images, model pulls…). Tells LLM calls from other traffic in
   * recordings made by other tools (a browser HAR is full of `/api/users`). Default: every
   * path it detects.
   */
  isApiPath(path: string): boolean;

  // Reading a request.
  model(req: RequestView): string | undefined;
  /** Whether the request asks for a streamed response (`?stream=true|false` decides, for any provider: {@link streamAskedInQuery}). */
  wantsStream(req: RequestView): boolean;
  /** Framing of the stream this request gets; undefined when its answer is not a stream. */
  streamFraming(req: RequestView): StreamFraming | undefined;
  /** The messages of a request body, in order, as this provider lays them out (see `conversation-parts.ts`). */
  conversation(body: Record<string, unknown>): ConversationMessage[];

  // Writing an answer.
  /** Content types of its answers: a JSON body, a stream. */
  readonly contentTypes: { readonly json: string; readonly stream: string };
  /** Its endpoints, tested in order: which renderer a hand-written reply uses, and what "its endpoints" means for a rule without `path`. */
  readonly endpoints: readonly Endpoint[];
  /** The renderer for a rule whose explicit `path` is none of its endpoints (its chat or generation endpoint). */
  readonly fallbackRenderer: ReplyRenderer;
  /** Its finish reasons for each canonical one. */
  readonly finishReasons: Readonly<Record<CanonicalFinish, string>>;
  /** An HTTP error in its own shape, with the content type this request's endpoint answers errors with. */
  errorBody(spec: ErrorSpec, req: RequestView): ErrorPayload;
  /** How it words the status presets (`rate_limit`, `overloaded`…), where it differs from the preset's wording. */
  readonly errorWording: Readonly<Record<string, ErrorWording>>;
  /** Its in-band error frame for a failure after the stream started. */
  streamErrorFrame(spec: ErrorSpec, framing: StreamFraming): Buffer;
  /** The status its real mid-stream failures describe (Anthropic: 529 overloaded). */
  readonly streamErrorStatus: number;
  /** Whether a stream frame is its end marker ([DONE], done:true, message_stop). */
  isTerminator(frame: Buffer, framing: StreamFraming): boolean;
  /** A keep-alive frame of an SSE stream, with these line ends. */
  pingFrame(newline: string): string;
  /** The rate-limit headers of a 429 for one quota. */
  rateLimitHeaders(quota: RateQuota): Record<string, string>;
  /** When a rate window resets, as its headers print it (a duration or a time). */
  formatRateReset(resetInMs: number, nowMs: number): string;
  /** The empty answer of a list endpoint (`GET /v1/models` → `{"object":"list","data":[]}`); undefined when the request is not a listing. */
  emptyList(req: RequestView): unknown;

  // Authoring (`mockllm new`, `mockllm render`).
  readonly sample: {
    /** A model name for examples. */
    readonly model: string;
    /** The path (a glob) example cassettes match its chat endpoint with. */
    readonly chatGlob: string;
    /** A concrete chat path for this model; a matcher's path glob made concrete when given. */
    chatPath(model: string, stream: boolean, glob?: string): string;
    /** A chat request with these turns; `path` is the endpoint chosen (a matcher's path, or {@link chatPath}). */
    chatRequest(turns: readonly SampleTurn[], model: string, stream: boolean, path: string): SampleRequest;
  };
}

/**
 * What a provider folder writes: the adapter, where members with a generic default may be
 * left out — no SDK base path, no stored request headers, no preset wording of its own, a
 * 500 for mid-stream errors, an SSE comment as ping frame, no rate-limit headers, no empty
 * listings.
 */
export type ProviderDefinition = Omit<
  ProviderAdapter,
  'sdkBasePath' | 'storedRequestHeaders' | 'isApiPath' | 'errorWording' | 'streamErrorStatus' | 'pingFrame' | 'rateLimitHeaders' | 'formatRateReset' | 'emptyList'
> &
  Partial<ProviderAdapter>;

/** An adapter with the generic defaults filled in (once, at import: no lookups of defaults per request). */
export function defineProvider(definition: ProviderDefinition): ProviderAdapter {
  return Object.freeze({
    sdkBasePath: '',
    storedRequestHeaders: [],
    isApiPath: () => true,
    errorWording: {},
    streamErrorStatus: 500,
    pingFrame: (nl: string) => `: ping${nl}${nl}`,
    rateLimitHeaders: () => ({}),
    formatRateReset: (resetInMs: number) => `${Math.max(0, Math.ceil(resetInMs / 1000))}s`,
    emptyList: () => undefined,
    ...definition,
  });
}

/**
 * `?stream=true` / `?stream=false`: the simple-mock query that asks any provider for a
 * stream (or none), stripped before matching like `fail` and `delay`. Undefined when absent.
 */
export function streamAskedInQuery(req: RequestView): boolean | undefined {
  if (req.query.size === 0) return undefined;
  const v = req.query.get('stream');
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** The endpoint of `provider` a path addresses (first in the adapter's order wins); undefined when it is none of them. */
export function endpointFor(provider: ProviderAdapter, path: string): Endpoint | undefined {
  for (const endpoint of provider.endpoints) if (endpoint.test.test(path)) return endpoint;
  return undefined;
}
