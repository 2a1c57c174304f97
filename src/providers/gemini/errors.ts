import type { ErrorPayload, ErrorSpec, ErrorWording } from '../provider.js';
import { GEMINI_JSON, GEMINI_SSE } from './render/content.js';

/** Google's canonical status (google.rpc.Code) for each HTTP status: `error.status`. */
const STATUS_BY_CODE: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function errorJson(spec: ErrorSpec): Record<string, unknown> {
  return { error: { code: spec.status, message: spec.message, status: spec.type ?? STATUS_BY_CODE[spec.status] ?? 'UNKNOWN' } };
}

/**
 * `{"error": {code, message, status}}`, pretty-printed with a trailing LF. The streaming
 * endpoint answers its errors with `text/event-stream` and the same bare JSON body, not a
 * `data:` frame (observed: `stream-error-400-invalid-key`, `stream-error-404-model`; PROTOCOLS §5),
 * so the content type follows the endpoint the request went to.
 */
export function geminiErrorBody(spec: ErrorSpec, streaming: boolean): ErrorPayload {
  return { contentType: streaming ? GEMINI_SSE : GEMINI_JSON, body: Buffer.from(`${JSON.stringify(errorJson(spec), null, 2)}\n`) };
}

/** A `data:` error object, CRLF-framed like Gemini's stream. */
export function geminiStreamErrorFrame(spec: ErrorSpec): Buffer {
  return Buffer.from(`data: ${JSON.stringify(errorJson(spec))}\r\n\r\n`);
}

/** How Gemini words the status presets (PROTOCOLS §5). */
export const GEMINI_ERROR_WORDING: Readonly<Record<string, ErrorWording>> = {
  context_length: { message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', type: 'INVALID_ARGUMENT' },
  // The real API answers an invalid key with 400 INVALID_ARGUMENT (PROTOCOLS §5).
  invalid_api_key: { status: 400, message: 'API key not valid. Please pass a valid API key.', type: 'INVALID_ARGUMENT' },
  permission_denied: { message: 'Permission denied on resource (or it may not exist).', type: 'PERMISSION_DENIED' },
  model_not_found: { message: 'models/{model} is not found for API version v1beta, or is not supported for generateContent.', type: 'NOT_FOUND' },
  // Google's front end refuses an oversized payload with 400 INVALID_ARGUMENT, not 413.
  request_too_large: { status: 400, message: 'Request payload size exceeds the limit: 20971520 bytes.', type: 'INVALID_ARGUMENT' },
  rate_limit: { message: 'Resource has been exhausted (e.g. check quota).', type: 'RESOURCE_EXHAUSTED' },
  insufficient_quota: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'RESOURCE_EXHAUSTED' },
  server_error: { message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', type: 'INTERNAL' },
  bad_gateway: { type: 'UNAVAILABLE' },
  overloaded: { message: 'The model is overloaded. Please try again later.', type: 'UNAVAILABLE' },
  gateway_timeout: { message: 'The request timed out. Please try again.', type: 'DEADLINE_EXCEEDED' },
};
