import { STATUS_CODES } from 'node:http';
import { decodeBody } from '../cassette/body-codec.js';
import type { StoredResponse } from '../cassette/types.js';
import type { ResolvedReply } from './resolved-reply.js';

/** Reason phrases Node does not know (Anthropic's 529). */
const EXTRA_REASONS: Record<number, string> = { 529: 'Overloaded' };

/**
 * A reply with `status` ≥ 400: the provider's own error body (the adapter's `errorBody`),
 * with the reply's `text` (templates rendered) as the message — default: the HTTP reason
 * phrase (`Too Many Requests`, `Overloaded` for 529), with the content type the adapter gives
 * errors of this endpoint. `ttft_ms` (and a pause before chunk 0) delays the whole error
 * response, like a slow upstream.
 */
export function renderErrorReply(r: ResolvedReply): StoredResponse {
  const status = r.reply.status ?? 500;
  const message = r.text ?? r.refusal ?? EXTRA_REASONS[status] ?? STATUS_CODES[status] ?? `HTTP ${status}`;
  const payload = r.ctx.provider.errorBody({ status, message }, r.req);
  const response: StoredResponse = { status, headers: { 'content-type': payload.contentType } };
  const body = decodeBody(payload.body);
  if (body) response.body = body;
  if (r.timeline.first > 0) response.timing = { headers_ms: r.timeline.first, total_ms: r.timeline.first };
  return response;
}
