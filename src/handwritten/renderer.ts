import type { ReplySpec, StoredResponse } from '../cassette/types.js';
import { endpointFor, type ProviderAdapter, type ReplyRenderer, type RequestView } from '../providers/provider.js';
import { renderErrorReply } from './error-reply.js';
import { resolveReply, type RenderContext } from './resolved-reply.js';

export type { RenderContext } from './resolved-reply.js';

/** The renderer for a request's endpoint; the adapter's fallback (its chat or generation endpoint) for a path it does not know. */
export function rendererFor(provider: ProviderAdapter, path: string): ReplyRenderer {
  return endpointFor(provider, path)?.render ?? provider.fallbackRenderer;
}

/**
 * Renders a hand-written reply into the response a real provider would have sent for this
 * request — the same `StoredResponse` structure a recorded response has (status, headers
 * with content-type, and `body` or `stream` with timed events), so the replay plan and player
 * serve it and every fault and timing feature applies.
 *
 * The endpoint comes from the adapter (`ctx.provider.endpoints`) and the path; streaming from
 * the adapter's `wantsStream`. `reply.status` ≥ 400 gives the provider's error body instead.
 * Deterministic: ids derive from a hash of the request and the reply (`reply.id` overrides
 * the top-level id), `created` from that hash too unless `ctx.now` is given, so the same
 * request renders the same bytes every time.
 */
export function renderReply(reply: ReplySpec, req: RequestView, ctx: RenderContext): StoredResponse {
  const resolved = resolveReply(reply, req, ctx);
  if (reply.status !== undefined && reply.status >= 400) return renderErrorReply(resolved);
  return rendererFor(ctx.provider, req.path)(resolved);
}
