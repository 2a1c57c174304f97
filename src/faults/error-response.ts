import type { ErrorSpec } from '../providers/provider.js';
import type { ResponsePlan } from '../replay/plan.js';
import type { FaultTarget } from './fault-kind.js';
import type { RateHeaderValues } from './fault-spec.js';
import { rateHeaders } from './rate-headers.js';

/**
 * A provider-shaped HTTP error as a response plan: the adapter's own body and content type,
 * retry/rate-limit headers, and any extra headers. Gemini's streaming endpoint keeps
 * `text/event-stream` on its (bare JSON) error bodies, as observed (PROTOCOLS §5).
 */
export function errorResponse(target: FaultTarget, error: ErrorSpec, rate: RateHeaderValues, extra: Record<string, string> = {}): ResponsePlan {
  const { contentType, body } = target.provider.errorBody(error);
  const streamingGemini = target.provider.name === 'gemini' && target.provider.wantsStream(target.view);
  const headers: Record<string, string> = {
    'content-type': streamingGemini ? 'text/event-stream' : contentType,
    ...rateHeaders(target.provider, error.status, rate, target.clock),
  };
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  return { status: error.status, headers, headersAtMs: 0, body };
}
