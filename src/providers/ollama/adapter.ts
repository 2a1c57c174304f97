import type { ProviderAdapter } from '../provider.js';
import { asRecord, jsonField } from '../request-fields.js';

/** Endpoints whose `stream` defaults to true in Ollama's native API. */
const STREAM_BY_DEFAULT = new Set(['/api/chat', '/api/generate', '/api/pull', '/api/push', '/api/create']);

/** Ollama's native API (`/api/*`). Its OpenAI-compatible `/v1/*` routes use the openai adapter. */
export const ollama: ProviderAdapter = {
  name: 'ollama',
  detect: (req) => req.path === '/api' || req.path.startsWith('/api/'),
  model: (req) => jsonField(req.json, 'model') ?? jsonField(req.json, 'name'),
  wantsStream(req) {
    const stream = asRecord(req.json)?.stream;
    if (typeof stream === 'boolean') return stream;
    return STREAM_BY_DEFAULT.has(req.path);
  },
  errorBody(spec) {
    return { contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify({ error: spec.message })) };
  },
  streamErrorFrame(spec) {
    return Buffer.from(`${JSON.stringify({ error: spec.message })}\n`);
  },
  isTerminator(frame, framing) {
    if (framing !== 'ndjson') return false;
    return /"done"\s*:\s*true/.test(frame.toString('utf8'));
  },
};
