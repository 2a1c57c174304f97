import type { ErrorSpec, ProviderAdapter } from '../provider.js';

const STATUS_BY_CODE: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function errorJson(spec: ErrorSpec): Record<string, unknown> {
  return { error: { code: spec.status, message: spec.message, status: spec.type ?? STATUS_BY_CODE[spec.status] ?? 'UNKNOWN' } };
}

/** Model in a Gemini path: `/v1beta/models/{model}:generateContent`. */
const MODEL_IN_PATH = /\/models\/([^/:]+)(?::|$)/;

/** Google Gemini API (`/v1beta/models/...:generateContent` and `:streamGenerateContent`). */
export const gemini: ProviderAdapter = {
  name: 'gemini',
  detect: (req) =>
    !req.path.startsWith('/v1beta/openai/') &&
    (req.path.startsWith('/v1beta/') || req.path.startsWith('/v1alpha/') || /\/models\/[^/]+:[A-Za-z]+$/.test(req.path) || req.headers['x-goog-api-key'] !== undefined),
  model: (req) => MODEL_IN_PATH.exec(req.path)?.[1],
  wantsStream: (req) => req.path.endsWith(':streamGenerateContent'),
  errorBody(spec) {
    // Gemini pretty-prints errors with a trailing LF.
    return { contentType: 'application/json; charset=UTF-8', body: Buffer.from(`${JSON.stringify(errorJson(spec), null, 2)}\n`) };
  },
  streamErrorFrame(spec) {
    return Buffer.from(`data: ${JSON.stringify(errorJson(spec))}\r\n\r\n`);
  },
  isTerminator: () => false,
};
