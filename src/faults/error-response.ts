import type { ErrorSpec } from '../providers/provider.js';
import type { ResponsePlan } from '../replay/plan.js';
import type { FaultTarget } from './fault-kind.js';
import type { RateHeaderValues } from './fault-spec.js';
import { rateHeaders } from './rate-headers.js';

/**
 * A provider-shaped HTTP error as a response plan: the adapter's own body and the content
 * type it gives errors of this endpoint, retry/rate-limit headers, and any extra headers.
 */
export function errorResponse(target: FaultTarget, error: ErrorSpec, rate: RateHeaderValues, extra: Record<string, string> = {}): ResponsePlan {
  const { contentType, body } = target.provider.errorBody(error, target.view);
  const headers: Record<string, string> = { 'content-type': contentType, ...rateHeaders(target.provider, error.status, rate, target.clock) };
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  return { status: error.status, headers, headersAtMs: 0, body };
}
