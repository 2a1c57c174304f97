import type { ProviderAdapter } from '../providers/provider.js';
import type { Clock } from './fault-kind.js';
import type { RateHeaderValues } from './fault-spec.js';

/** Defaults of a 429's rate-limit headers when a fault does not say. */
const DEFAULT_429 = { retryAfterS: 1, limitRequests: 60, limitTokens: 150_000 };

/**
 * Retry and rate-limit headers of an error response, the way the provider sends them:
 * `retry-after` (integer seconds, rounded up), `retry-after-ms` (honoured by the OpenAI and
 * Anthropic SDKs) and `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` (OpenAI style,
 * durations like `1s`, `6m0s`), or `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`
 * (RFC 3339 reset times) for Anthropic. A 429 always carries them (with defaults); other
 * statuses only carry the values a fault gives.
 */
export function rateHeaders(provider: ProviderAdapter, status: number, v: RateHeaderValues, clock: Clock): Record<string, string> {
  const out: Record<string, string> = {};
  const is429 = status === 429;
  let retryMs = v.retry_after_ms ?? (v.retry_after !== undefined ? v.retry_after * 1000 : undefined);
  if (retryMs === undefined && is429) retryMs = DEFAULT_429.retryAfterS * 1000;
  if (retryMs !== undefined) {
    out['retry-after'] = String(v.retry_after ?? Math.ceil(retryMs / 1000));
    out['retry-after-ms'] = String(Math.round(retryMs));
  }
  const anyGiven = [v.limit_requests, v.remaining_requests, v.reset_requests, v.limit_tokens, v.remaining_tokens, v.reset_tokens].some((x) => x !== undefined);
  if (!is429 && !anyGiven) return out;

  const limitRequests = v.limit_requests ?? DEFAULT_429.limitRequests;
  const limitTokens = v.limit_tokens ?? DEFAULT_429.limitTokens;
  const values = {
    requests: { limit: limitRequests, remaining: v.remaining_requests ?? 0, resetMs: retryMs ?? 0, reset: v.reset_requests },
    tokens: { limit: limitTokens, remaining: v.remaining_tokens ?? limitTokens, resetMs: 0, reset: v.reset_tokens },
  };
  for (const what of ['requests', 'tokens'] as const) {
    const x = values[what];
    if (provider.name === 'anthropic') {
      out[`anthropic-ratelimit-${what}-limit`] = String(x.limit);
      out[`anthropic-ratelimit-${what}-remaining`] = String(x.remaining);
      out[`anthropic-ratelimit-${what}-reset`] = x.reset ?? rfc3339(clock.now() + x.resetMs);
    } else {
      out[`x-ratelimit-limit-${what}`] = String(x.limit);
      out[`x-ratelimit-remaining-${what}`] = String(x.remaining);
      out[`x-ratelimit-reset-${what}`] = x.reset ?? goDuration(x.resetMs);
    }
  }
  return out;
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

/** `2026-01-02T03:04:05Z`, as Anthropic's reset headers print it. */
export function rfc3339(epochMs: number): string {
  return new Date(Math.ceil(epochMs / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
