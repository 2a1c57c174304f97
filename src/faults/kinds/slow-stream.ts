import { decodeEvent } from '../../framing/event-codec.js';
import { estimateTokens } from '../../handwritten/usage-estimate.js';
import { replyText } from '../../providers/reply-text.js';
import type { StreamFraming } from '../../cassette/types.js';
import { onStreams, type FaultKind } from '../fault-kind.js';
import type { SlowStreamFault } from '../fault-spec.js';
import { write } from '../stream-position.js';

/**
 * `slow_stream`: an extra `delay_ms` before every event, or a `tokens_per_second` pace where
 * each event waits for the tokens it carries (≈ 4 characters per token; events without text
 * go out at once). Delays shift every later event, so they add up exactly.
 */
export const slowStreamKind: FaultKind<SlowStreamFault> = {
  kind: 'slow_stream',
  replacesResponse: false,
  appliesTo: onStreams,
  apply(spec) {
    return {
      operator: {
        onFrame(frame, ctx) {
          const ms = spec.delay_ms ?? (spec.tokens_per_second ? (frameTokens(frame, ctx.framing) * 1000) / spec.tokens_per_second : 0);
          return ms > 0 ? [{ kind: 'delay', ms }, write(frame)] : [write(frame)];
        },
      },
    };
  },
};

/** Tokens of the text an event carries, whatever the provider's shape. */
export function frameTokens(frame: Buffer, framing: StreamFraming): number {
  const text = replyText({ status: 200, stream: { framing, events: [decodeEvent(framing, frame, 0)] } });
  return estimateTokens(text);
}
