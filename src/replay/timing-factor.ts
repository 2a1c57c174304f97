import type { ServerOptions } from '../config/options.js';

/**
 * Where a planned response comes from, for timing: a recording (offsets the upstream
 * happened to take), a hand-written interaction (offsets its author declared: `ttft_ms`,
 * `tokens_per_second`, `pauses`, or the `t` of a literal response), or mockllm itself (a
 * miss, a fault's response: no offsets of their own).
 */
export type ResponseOrigin = 'recorded' | 'handwritten' | 'mockllm';

/**
 * The factor on a planned response's offsets (0 = send at once), chosen per response:
 * - `auto` (the default): recordings and mockllm's own answers fast, hand-written replies at
 *   their declared pace — a reply that says `ttft_ms: 3000` means it;
 * - `fast`: no waits at all; `recorded`: every offset as stored; a number: offsets scaled by it.
 */
export function timingFactor(timing: ServerOptions['timing'], origin: ResponseOrigin): number {
  switch (timing) {
    case 'auto':
      return origin === 'handwritten' ? 1 : 0;
    case 'fast':
      return 0;
    case 'recorded':
      return 1;
    default:
      return timing;
  }
}
