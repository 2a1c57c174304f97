import type { StreamFraming } from '../cassette/types.js';
import type { Exchange, FaultContext } from '../server/exchange.js';
import type { Clock, FaultTarget } from './fault-kind.js';

/** The request and the response about to go out, as faults see them. */
export function faultTarget(ex: Exchange, ctx: FaultContext, clock: Clock): FaultTarget {
  return {
    provider: ex.provider,
    view: ex.view,
    key: ex.key,
    scope: ex.scope,
    entry: ctx.entry,
    stream: responseFraming(ex, ctx),
    clock,
  };
}

/**
 * Whether the response about to be sent is a stream, and its framing: a replayed or literal
 * hand-written response says so itself; a rendered reply or a forwarded request streams as
 * the adapter says this request's answer does (`streamFraming`: Ollama's native API in
 * NDJSON, Gemini's stream endpoint in SSE with `alt=sse`, the others in SSE); a miss never streams.
 */
function responseFraming(ex: Exchange, ctx: FaultContext): StreamFraming | undefined {
  if (ctx.decision.action === 'miss') return undefined;
  const interaction = ctx.entry?.interaction;
  // Recorded interactions always have a response; hand-written ones when it is literal (not a rendered reply).
  const stored = interaction?.response;
  if (stored) return stored.stream?.framing;
  return ex.provider.streamFraming(ex.view);
}
