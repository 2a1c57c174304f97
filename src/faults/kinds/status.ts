import { errorResponse } from '../error-response.js';
import { always, type FaultKind } from '../fault-kind.js';
import type { StatusFault } from '../fault-spec.js';
import { resolveStatusError } from '../presets/status-presets.js';

/**
 * `status`: answers with any HTTP status and the provider's own error body and content type
 * (via the adapter's `errorBody`); presets give real wording per provider. A 429 carries
 * `retry-after`, `retry-after-ms` and the rate-limit headers.
 */
export const statusKind: FaultKind<StatusFault> = {
  kind: 'status',
  replacesResponse: true,
  appliesTo: always,
  apply(spec, target) {
    const error = resolveStatusError(spec, target.provider, target.provider.model(target.view));
    return { response: errorResponse(target, error, spec, spec.headers) };
  },
};
