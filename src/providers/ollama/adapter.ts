import { goDuration, openaiRateLimitHeaders } from '../openai/errors.js';
import { defineProvider, streamAskedInQuery, type RequestView } from '../provider.js';
import { asRecord, jsonField } from '../request-fields.js';
import { ollamaConversation } from './conversation.js';
import { OLLAMA_ERROR_WORDING, ollamaErrorBody, ollamaStreamErrorFrame } from './errors.js';
import { renderOllamaEmbed, renderOllamaPs, renderOllamaShow, renderOllamaTags, renderOllamaVersion } from './render/catalog.js';
import { OLLAMA_JSON, OLLAMA_NDJSON, renderOllamaChat, renderOllamaGenerate } from './render/generation.js';
import { ollamaChatPath, ollamaChatRequest } from './sample.js';

/** Endpoints whose `stream` defaults to true in Ollama's native API. */
const STREAM_BY_DEFAULT = new Set(['/api/chat', '/api/generate', '/api/pull', '/api/push', '/api/create']);

function wantsStream(req: RequestView): boolean {
  const asked = streamAskedInQuery(req);
  if (asked !== undefined) return asked;
  const stream = asRecord(req.json)?.stream;
  if (typeof stream === 'boolean') return stream;
  return STREAM_BY_DEFAULT.has(req.path);
}

/** Ollama's native API (`/api/*`). Its OpenAI-compatible `/v1/*` routes use the openai adapter. */
export const ollama = defineProvider({
  name: 'ollama',
  detect: (req) => req.path === '/api' || req.path.startsWith('/api/'),
  pathRoots: ['api'],
  sdkEnv: { baseUrl: 'OLLAMA_HOST' },

  model: (req) => jsonField(req.json, 'model') ?? jsonField(req.json, 'name'),
  wantsStream,
  streamFraming: (req) => (wantsStream(req) ? 'ndjson' : undefined),
  conversation: ollamaConversation,

  contentTypes: { json: OLLAMA_JSON, stream: OLLAMA_NDJSON },
  // The native API's paths; other `/api/…` paths are someone else's (OpenRouter's OpenAI-compatible `/api/v1/…`).
  isApiPath: (path: string) => OLLAMA_API_PATH.test(path),
  endpoints: [
    { test: /\/api\/chat$/, render: renderOllamaChat },
    { test: /\/api\/generate$/, render: renderOllamaGenerate },
    { test: /\/api\/embed(?:dings)?$/, render: renderOllamaEmbed },
    { test: /\/api\/tags$/, render: renderOllamaTags },
    { test: /\/api\/show$/, render: renderOllamaShow },
    { test: /\/api\/ps$/, render: renderOllamaPs },
    { test: /\/api\/version$/, render: renderOllamaVersion },
  ],
  fallbackRenderer: renderOllamaChat,
  // Ollama reports `stop` for a tool-call turn too.
  finishReasons: { stop: 'stop', length: 'length', tool_calls: 'stop', content_filter: 'stop' },
  errorBody: ollamaErrorBody,
  errorWording: OLLAMA_ERROR_WORDING,
  streamErrorFrame: ollamaStreamErrorFrame,
  isTerminator: (frame, framing) => framing === 'ndjson' && /"done"\s*:\s*true/.test(frame.toString('utf8')),
  // A local Ollama sends no rate-limit headers; a 429 fault carries OpenAI's, which clients of its cloud read.
  rateLimitHeaders: openaiRateLimitHeaders,
  formatRateReset: (resetInMs) => goDuration(resetInMs),
  emptyList: (req) => (req.method === 'GET' && (req.path === '/api/tags' || req.path === '/api/ps') ? { models: [] } : undefined),

  sample: { model: 'llama3.2', chatGlob: '/api/chat', chatPath: ollamaChatPath, chatRequest: ollamaChatRequest },
});

const OLLAMA_API_PATH = /^\/api\/(?:chat|generate|embed|embeddings|tags|show|ps|version|pull|push|create|copy|delete|blobs\/[^/]+)\/?$/;
