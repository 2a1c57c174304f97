import type { ErrorSpec, ProviderAdapter } from '../provider.js';
import { jsonField } from '../request-fields.js';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function anthropicErrorType(spec: ErrorSpec): string {
  return spec.type ?? TYPE_BY_STATUS[spec.status] ?? (spec.status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** Anthropic Messages API (`/v1/messages`, `/v1/messages/count_tokens`). */
export const anthropic: ProviderAdapter = {
  name: 'anthropic',
  detect: (req) => req.path.startsWith('/v1/messages') || req.headers['anthropic-version'] !== undefined,
  model: (req) => jsonField(req.json, 'model'),
  wantsStream: (req) => (req.json as { stream?: unknown } | undefined)?.stream === true,
  errorBody(spec) {
    const body = { type: 'error', error: { type: anthropicErrorType(spec), message: spec.message } };
    return { contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) };
  },
  streamErrorFrame(spec) {
    const body = { type: 'error', error: { details: null, type: anthropicErrorType({ ...spec, status: spec.status === 200 ? 529 : spec.status }), message: spec.message } };
    return Buffer.from(`event: error\ndata: ${JSON.stringify(body)}\n\n`);
  },
  isTerminator(frame, framing) {
    return framing === 'sse' && /(^|\n)event: ?message_stop\r?\n/.test(frame.toString('utf8'));
  },
};
