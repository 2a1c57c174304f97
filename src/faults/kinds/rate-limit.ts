import { extractConversation } from '../../handwritten/conversation.js';
import { estimatePromptTokens } from '../../handwritten/usage-estimate.js';
import { errorResponse } from '../error-response.js';
import { always, type FaultKind, type FaultTarget } from '../fault-kind.js';
import type { RateLimitFault } from '../fault-spec.js';
import { resolveStatusError } from '../presets/status-presets.js';
import { RateWindow } from '../rate-window.js';

export const DEFAULT_WINDOW_MS = 60_000;

/**
 * `rate_limit`: a real fixed-window counter per rule. The window opens with the first
 * request the rule counts; within it, `requests` requests (and/or `tokens` estimated prompt
 * tokens) pass untouched, later ones get a 429 whose `retry-after` / `retry-after-ms` and
 * `x-ratelimit-*` (Anthropic: `anthropic-ratelimit-*`) say exactly when the window resets.
 */
export const rateLimitKind: FaultKind<RateLimitFault> = {
  kind: 'rate_limit',
  replacesResponse: true,
  keepsState: true,
  appliesTo: always,
  apply(spec, target, memory) {
    const windowMs = spec.window_ms ?? DEFAULT_WINDOW_MS;
    memory.rateWindow ??= new RateWindow({ windowMs, ...(spec.requests !== undefined ? { requests: spec.requests } : {}), ...(spec.tokens !== undefined ? { tokens: spec.tokens } : {}) }, target.clock);
    const tokens = spec.tokens !== undefined ? requestTokens(target) : 0;
    const d = memory.rateWindow.take(tokens);
    if (d.allowed) return undefined;
    const error = resolveStatusError({ status: 429, preset: 'rate_limit', ...(spec.message !== undefined ? { message: spec.message } : {}) }, target.provider, target.provider.model(target.view));
    const reset = target.provider.formatRateReset(d.resetInMs, target.clock.now());
    const limits = {
      retry_after_ms: d.resetInMs,
      retry_after: Math.max(1, Math.ceil(d.resetInMs / 1000)),
      ...(spec.requests !== undefined ? { limit_requests: spec.requests, remaining_requests: Math.max(0, spec.requests - d.requestsUsed) } : {}),
      ...(spec.tokens !== undefined ? { limit_tokens: spec.tokens, remaining_tokens: Math.max(0, spec.tokens - d.tokensUsed) } : {}),
    };
    return { response: errorResponse(target, error, { ...limits, reset_requests: reset, reset_tokens: reset }) };
  },
};

/** Estimated prompt tokens of the request (≈ 4 characters per token of every message). */
function requestTokens(target: FaultTarget): number {
  return estimatePromptTokens(extractConversation(target.view, target.provider));
}
