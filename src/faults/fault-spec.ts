/**
 * What a user writes down to break things: a fault is plain data with a `kind`, optionally
 * with `when` (which requests) and `times` (how often). `schemas/overlay.schema.json` is the
 * published twin of these types; both change together. Behaviour lives in `kinds/`, looked
 * up by `kind` in `fault-kinds.ts`.
 */
import type { ProviderName } from '../providers/provider.js';

/** Which requests a rule selects. Every given selector must hold. */
export interface WhenSpec {
  /** Path glob(s) (`*` within a segment, `**` across), without query and cassette prefix. */
  path?: string | string[];
  method?: string | string[];
  provider?: ProviderName | ProviderName[];
  /** Model name glob(s), from the body (`model`) or the Gemini path. */
  model?: string | string[];
  /** Cassette name(s): the request's scope or the cassette of the interaction it hits. */
  cassette?: string | string[];
  /** Interaction id(s) or `cassette#id` refs of the interaction about to be replayed. */
  interaction?: string | string[];
  /** Only streamed (true) or only non-streamed (false) responses. */
  stream?: boolean;
  /** Only the n-th request this rule sees (1-based). */
  nth?: number;
  /** Only the first N requests this rule sees, then normal again. */
  first?: number;
  /** Every k-th request this rule sees (k, 2k, 3k…). */
  every?: number;
  /** Count nth/first/every per distinct request (key) instead of over all requests. */
  per_key?: boolean;
  /** Fire with this probability, decided from seed + rule + request key + per-key ordinal. */
  probability?: number;
  /** Seed for `probability`; default: the overlay file's `seed`, else the server's `--seed`. */
  seed?: number;
}

/** Names of the status presets (see `presets/status-presets.ts`). */
export type StatusPresetName =
  | 'context_length'
  | 'invalid_api_key'
  | 'permission_denied'
  | 'model_not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'insufficient_quota'
  | 'server_error'
  | 'bad_gateway'
  | 'overloaded'
  | 'gateway_timeout';

/** Values of the rate-limit headers a 429 carries (all optional; sensible defaults). */
export interface RateHeaderValues {
  /** `retry-after` in seconds (default 1 on a 429). */
  retry_after?: number;
  /** `retry-after-ms` (default: retry_after × 1000). */
  retry_after_ms?: number;
  limit_requests?: number;
  remaining_requests?: number;
  /** OpenAI duration (`1s`, `6m0s`) or, for Anthropic, an RFC 3339 time; default from retry-after. */
  reset_requests?: string;
  limit_tokens?: number;
  remaining_tokens?: number;
  reset_tokens?: string;
}

export interface StatusFault extends RateHeaderValues {
  kind: 'status';
  /** HTTP status; optional when `preset` gives one. */
  status?: number;
  preset?: StatusPresetName;
  message?: string;
  /** Provider error type (OpenAI `type`, Anthropic `error.type`, Gemini `status`). */
  type?: string;
  code?: string | null;
  param?: string | null;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface LatencyFault {
  kind: 'latency';
  /** Delay before status and headers. */
  ms: number;
}

export interface SlowStreamFault {
  kind: 'slow_stream';
  /** Extra delay before every event. */
  delay_ms?: number;
  /** Or pace events by the tokens they carry (≈ 4 characters per token). */
  tokens_per_second?: number;
}

export interface StallFault {
  kind: 'stall';
  ms: number;
  /** Stall before the event at this 0-based index, i.e. after this many events (default 0). */
  after?: number;
}

export interface TruncateFault {
  kind: 'truncate';
  /** Events delivered before the stream ends cleanly, without its terminator (default 2). */
  after?: number;
}

export interface ResetFault {
  kind: 'reset';
  /** Events delivered before the socket is destroyed; absent = before headers. */
  after?: number;
}

export interface MalformedFault {
  kind: 'malformed';
  /** Events delivered before the invalid one (default 2). */
  after?: number;
  /** The invalid payload (default `{"broken": `). */
  text?: string;
}

export interface StreamErrorFault {
  kind: 'stream_error';
  /** Events delivered before the in-band error (default 2). */
  after?: number;
  /** Status the error describes (picks the error type; default 529 Anthropic, 500 otherwise). */
  status?: number;
  message?: string;
  type?: string;
  code?: string | null;
}

export interface HangFault {
  kind: 'hang';
  /** Events delivered before the stream stalls forever; absent = never answer at all. */
  after?: number;
}

export interface NonJsonFault {
  kind: 'non_json';
  /** Default 502. */
  status?: number;
  /** Default: an nginx-style HTML error page. */
  body?: string;
  /** Default `text/html`. */
  content_type?: string;
}

export interface EmptyFault {
  kind: 'empty';
  /** Default 200. */
  status?: number;
}

export interface PingFault {
  kind: 'ping';
  /** A ping before every k-th event (default 1 = before each). */
  every?: number;
}

export interface RateLimitFault {
  kind: 'rate_limit';
  /** Requests allowed per window. */
  requests?: number;
  /** Estimated prompt tokens allowed per window. */
  tokens?: number;
  /** Window length (default 60000). The window starts with the first request it counts. */
  window_ms?: number;
  message?: string;
}

export type FaultSpec =
  | StatusFault
  | LatencyFault
  | SlowStreamFault
  | StallFault
  | TruncateFault
  | ResetFault
  | MalformedFault
  | StreamErrorFault
  | HangFault
  | NonJsonFault
  | EmptyFault
  | PingFault
  | RateLimitFault;

export type FaultKindName = FaultSpec['kind'];

/** Fields every rule may carry besides its kind's parameters. */
export interface RuleFields {
  when?: WhenSpec;
  /** Fire at most this many times (runtime overlays: then the rule is removed). */
  times?: number;
  /** Free text shown in listings. */
  name?: string;
  note?: string;
}

/** One overlay rule: a fault plus when/times, as written in a file or POSTed at runtime. */
export type FaultRule = FaultSpec & RuleFields;

/**
 * A rule that names its fault instead (`{"fault": "ABRUPT_STREAM", "times": 1}`): the
 * name means what it means in `x-mockllm-fault` (a status, a preset, an alias, a kind, an
 * API-key scenario); parameters given go over it. Expanded to a {@link FaultRule} when
 * armed or loaded.
 */
export interface NamedFaultRule extends RuleFields {
  fault: string;
  [param: string]: unknown;
}

/** An overlay file (`--overlay FILE`). */
export interface OverlayFile {
  $schema?: string;
  /** Default seed for the `probability` of this file's rules. */
  seed?: number;
  /** Rules in order: the first that selects a request wins. */
  faults?: FaultRule[];
  /** API-key scenarios: a request whose key equals the name gets the rule. */
  scenarios?: Record<string, FaultRule>;
  description?: string;
}
