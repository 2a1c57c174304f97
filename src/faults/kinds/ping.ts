import { type FaultKind } from '../fault-kind.js';
import type { PingFault } from '../fault-spec.js';
import { usesCrlf, write } from '../stream-position.js';

/**
 * `ping`: keep-alive frames before every `every`-th event of an SSE stream — the provider's
 * own (the adapter's `pingFrame`: Anthropic's `event: ping` with `{"type": "ping"}`, for
 * others an SSE comment `: ping` that SSE clients must skip), with the stream's line ends.
 * NDJSON has no such frame, so it does not apply there.
 */
export const pingKind: FaultKind<PingFault> = {
  kind: 'ping',
  replacesResponse: false,
  appliesTo: (_spec, target) => target.stream === 'sse',
  apply(spec, target) {
    const every = spec.every ?? 1;
    const provider = target.provider;
    return {
      operator: {
        onFrame(frame, ctx) {
          if (ctx.index % every !== 0) return [write(frame)];
          const nl = usesCrlf(frame) ? '\r\n' : '\n';
          return [write(Buffer.from(provider.pingFrame(nl))), write(frame)];
        },
      },
    };
  },
};
