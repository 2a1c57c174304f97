import type { StreamFraming } from '../../cassette/types.js';
import type { ErrorSpec, ProviderAdapter, RequestView } from '../provider.js';
import { jsonField } from '../request-fields.js';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'invalid_request_error',
  404: 'invalid_request_error',
  409: 'invalid_request_error',
  413: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'requests',
};

function errorObject(spec: ErrorSpec): Record<string, unknown> {
  return {
    message: spec.message,
    type: spec.type ?? TYPE_BY_STATUS[spec.status] ?? 'server_error',
    param: spec.param ?? null,
    code: spec.code ?? null,
  };
}

/** OpenAI and every OpenAI-compatible API (Ollama's /v1, Azure, Groq…). The fallback adapter. */
export const openai: ProviderAdapter = {
  name: 'openai',
  detect: () => true,
  model: (req) => jsonField(req.json, 'model'),
  wantsStream: (req) => (req.json as { stream?: unknown } | undefined)?.stream === true,
  errorBody(spec) {
    // api.openai.com pretty-prints error bodies with a 2-space indent and a trailing LF.
    return {
      contentType: 'application/json; charset=utf-8',
      body: Buffer.from(`${JSON.stringify({ error: errorObject(spec) }, null, 2)}\n`),
    };
  },
  streamErrorFrame(spec: ErrorSpec, framing: StreamFraming) {
    const data = JSON.stringify({ error: errorObject(spec) });
    return Buffer.from(framing === 'ndjson' ? `${data}\n` : `data: ${data}\n\n`);
  },
  isTerminator(frame, framing) {
    if (framing !== 'sse') return false;
    const text = frame.toString('utf8');
    return /^data: ?\[DONE\]\r?\n/m.test(text) || /(^|\n)event: ?response\.(completed|incomplete|failed)\r?\n/.test(text);
  },
};

export function isOpenAIRequest(req: RequestView): boolean {
  return openai.detect(req);
}
