import type { StreamFraming } from '../../cassette/types.js';
import type { ErrorPayload, ErrorSpec, ErrorWording, RateQuota } from '../provider.js';

/** `error.type` when the error does not give one. */
const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  409: 'invalid_request_error',
  413: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'requests',
};

/** OpenAI's error content type (api.openai.com; PROTOCOLS §1.4). */
export const OPENAI_ERROR_TYPE = 'application/json; charset=utf-8';

function errorObject(spec: ErrorSpec): Record<string, unknown> {
  return {
    message: spec.message,
    type: spec.type ?? TYPE_BY_STATUS[spec.status] ?? 'server_error',
    param: spec.param ?? null,
    code: spec.code ?? null,
  };
}

/**
 * `{"error": {message, type, param, code}}`, pretty-printed with a 2-space indent and no
 * trailing LF, as api.openai.com sends it (raw capture `openai/error-400-unknown-parameter`;
 * its success bodies do end with a LF).
 */
export function openaiErrorBody(spec: ErrorSpec): ErrorPayload {
  return { contentType: OPENAI_ERROR_TYPE, body: Buffer.from(JSON.stringify({ error: errorObject(spec) }, null, 2)) };
}

/** `data: {"error": {…}}` (compact), the in-band error the SDKs raise on (PROTOCOLS §1.5). */
export function openaiStreamErrorFrame(spec: ErrorSpec, framing: StreamFraming): Buffer {
  const data = JSON.stringify({ error: errorObject(spec) });
  return Buffer.from(framing === 'ndjson' ? `${data}\n` : `data: ${data}\n\n`);
}

/** `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` (PROTOCOLS §1.3). */
export function openaiRateLimitHeaders(q: RateQuota): Record<string, string> {
  return {
    [`x-ratelimit-limit-${q.what}`]: String(q.limit),
    [`x-ratelimit-remaining-${q.what}`]: String(q.remaining),
    [`x-ratelimit-reset-${q.what}`]: q.reset,
  };
}

/** A duration as OpenAI's headers print it (Go style): `6ms`, `0s`, `1s`, `1.5s`, `6m0s`, `1h2m3s`. */
export function goDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  const s = `${Number(seconds.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${s}`;
  if (minutes > 0) return `${minutes}m${s}`;
  return s;
}

/** OpenAI's `type`, `code` and `param` for each status preset (the messages are the presets' own). */
export const OPENAI_ERROR_WORDING: Readonly<Record<string, ErrorWording>> = {
  context_length: { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' },
  invalid_api_key: { type: 'invalid_request_error', code: 'invalid_api_key' },
  permission_denied: { type: 'request_forbidden', code: 'unsupported_country_region_territory' },
  model_not_found: { type: 'invalid_request_error', code: 'model_not_found' },
  request_too_large: { type: 'invalid_request_error', code: 'request_too_large' },
  rate_limit: { type: 'requests', code: 'rate_limit_exceeded' },
  insufficient_quota: { type: 'insufficient_quota', code: 'insufficient_quota' },
  server_error: { type: 'server_error' },
  bad_gateway: { type: 'server_error' },
  overloaded: { type: 'server_error' },
  gateway_timeout: { type: 'timeout_error' },
};
