import type { ErrorPayload, ErrorSpec, ErrorWording, RateQuota } from '../provider.js';

/** `error.type` when the error does not give one (PROTOCOLS §4.5). */
const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function anthropicErrorType(spec: ErrorSpec): string {
  return spec.type ?? TYPE_BY_STATUS[spec.status] ?? (spec.status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** `{"type":"error","error":{"type","message"}}`, compact, `application/json`. */
export function anthropicErrorBody(spec: ErrorSpec): ErrorPayload {
  const body = { type: 'error', error: { type: anthropicErrorType(spec), message: spec.message } };
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) };
}

/** `event: error` with `details: null` first, as the captured mid-stream `overloaded_error` (PROTOCOLS §4.5). */
export function anthropicStreamErrorFrame(spec: ErrorSpec): Buffer {
  const body = { type: 'error', error: { details: null, type: anthropicErrorType({ ...spec, status: spec.status === 200 ? 529 : spec.status }), message: spec.message } };
  return Buffer.from(`event: error\ndata: ${JSON.stringify(body)}\n\n`);
}

/** `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}` (PROTOCOLS §4.4). */
export function anthropicRateLimitHeaders(q: RateQuota): Record<string, string> {
  return {
    [`anthropic-ratelimit-${q.what}-limit`]: String(q.limit),
    [`anthropic-ratelimit-${q.what}-remaining`]: String(q.remaining),
    [`anthropic-ratelimit-${q.what}-reset`]: q.reset,
  };
}

/** `2026-01-02T03:04:05Z`, as Anthropic's reset headers print it. */
export function rfc3339(epochMs: number): string {
  return new Date(Math.ceil(epochMs / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** How Anthropic words the status presets (PROTOCOLS §4.5). */
export const ANTHROPIC_ERROR_WORDING: Readonly<Record<string, ErrorWording>> = {
  context_length: { message: 'prompt is too long: 210000 tokens > 200000 maximum' },
  invalid_api_key: { message: 'invalid x-api-key', type: 'authentication_error' },
  permission_denied: { message: 'Your API key does not have permission to use the specified resource.', type: 'permission_error' },
  model_not_found: { message: 'model: {model}', type: 'not_found_error' },
  request_too_large: { type: 'request_too_large' },
  rate_limit: {
    message: 'This request would exceed the rate limit for your organization of 50 requests per minute. Please retry after the time in the retry-after header.',
    type: 'rate_limit_error',
  },
  insufficient_quota: { message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.', type: 'rate_limit_error' },
  server_error: { message: 'Internal server error', type: 'api_error' },
  bad_gateway: { type: 'api_error' },
  overloaded: { status: 529, message: 'Overloaded', type: 'overloaded_error' },
  gateway_timeout: { message: 'Request timed out', type: 'timeout_error' },
};
