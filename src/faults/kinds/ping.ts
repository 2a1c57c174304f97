import { type FaultKind } from '../fault-kind.js';
import type { PingFault } from '../fault-spec.js';
import { usesCrlf, write } from '../stream-position.js';

/**
 * `ping`: keep-alive frames before every `every`-th event of an SSE stream — Anthropic's
 * `event: ping` with `{"type": "ping"}` (as sent, with the space), for others an SSE comment
 * `: ping` that SSE clients must skip. NDJSON has no such frame, so it does not apply there.
 */
export const pingKind: FaultKind<PingFault> = {
  kind: 'ping',
  replacesResponse: false,
  appliesTo: (_spec, target) => target.stream === 'sse',
  apply(spec, target) {
    const every = spec.every ?? 1;
    const anthropic = target.provider.name === 'anthropic';
    return {
      operator: {
        onFrame(frame, ctx) {
          if (ctx.index % every !== 0) return [write(frame)];
          const nl = usesCrlf(frame) ? '\r\n' : '\n';
          const ping = anthropic ? `event: ping${nl}data: {"type": "ping"}${nl}${nl}` : `: ping${nl}${nl}`;
          return [write(Buffer.from(ping)), write(frame)];
        },
      },
    };
  },
};
