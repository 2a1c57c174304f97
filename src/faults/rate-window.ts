import type { Clock } from './fault-kind.js';

export interface RateLimits {
  /** Requests allowed per window. */
  requests?: number;
  /** Tokens allowed per window. */
  tokens?: number;
  windowMs: number;
}

/** Where a request stands against the limits. */
export interface RateDecision {
  allowed: boolean;
  /** ms until the current window resets (0 when no window is open). */
  resetInMs: number;
  requestsUsed: number;
  tokensUsed: number;
}

/**
 * A fixed-window counter: the window opens with the first request it counts and lasts
 * `windowMs`; a request that would exceed the requests or tokens limit is refused (and not
 * counted) until the window resets. Time comes from the injected clock.
 */
export class RateWindow {
  readonly limits: RateLimits;
  readonly #clock: Clock;
  #startedAt: number | undefined;
  #requests = 0;
  #tokens = 0;

  constructor(limits: RateLimits, clock: Clock) {
    this.limits = limits;
    this.#clock = clock;
  }

  /** Counts one request of `tokens` tokens if it fits; says when the window resets either way. */
  take(tokens = 0): RateDecision {
    const now = this.#clock.now();
    if (this.#startedAt === undefined || now >= this.#startedAt + this.limits.windowMs) {
      this.#startedAt = now;
      this.#requests = 0;
      this.#tokens = 0;
    }
    const { requests, tokens: tokenLimit } = this.limits;
    const overRequests = requests !== undefined && this.#requests + 1 > requests;
    const overTokens = tokenLimit !== undefined && this.#tokens + tokens > tokenLimit && this.#tokens > 0;
    const allowed = !overRequests && !overTokens;
    if (allowed) {
      this.#requests += 1;
      this.#tokens += tokens;
    }
    return { allowed, resetInMs: this.#startedAt + this.limits.windowMs - now, requestsUsed: this.#requests, tokensUsed: this.#tokens };
  }
}
