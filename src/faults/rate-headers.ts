import type { ProviderAdapter } from '../providers/provider.js';
import type { Clock } from './fault-kind.js';
import type { RateHeaderValues } from './fault-spec.js';

/** Defaults of a 429's rate-limit headers when a fault does not say. */
const DEFAULT_429 = { retryAfterS: 1, limitRequests: 60, limitTokens: 150_000 };

/**
 * Retry and rate-limit headers of an error response: `retry-after` (integer seconds, rounded
 * up) and `retry-after-ms` (honoured by the OpenAI and Anthropic SDKs), plus the provider's
 * own rate-limit headers for requests and tokens (the adapter's `rateLimitHeaders`: OpenAI's
 * `x-ratelimit-*` with durations like `1s`, Anthropic's `anthropic-ratelimit-*` with RFC 3339
 * reset times). A 429 always carries them (with defaults); other statuses only carry the
 * values a fault gives.
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
  const now = clock.now();
  const reset = (given: string | undefined, resetInMs: number) => given ?? provider.formatRateReset(resetInMs, now);
  Object.assign(
    out,
    provider.rateLimitHeaders({ what: 'requests', limit: limitRequests, remaining: v.remaining_requests ?? 0, reset: reset(v.reset_requests, retryMs ?? 0) }),
    provider.rateLimitHeaders({ what: 'tokens', limit: limitTokens, remaining: v.remaining_tokens ?? limitTokens, reset: reset(v.reset_tokens, 0) }),
  );
  return out;
}
