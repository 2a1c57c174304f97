import type { StreamFraming } from '../../cassette/types.js';
import { defineProvider, streamAskedInQuery, type RequestView } from '../provider.js';
import { jsonField } from '../request-fields.js';
import { openaiConversation } from './conversation.js';
import { goDuration, OPENAI_ERROR_WORDING, openaiErrorBody, openaiRateLimitHeaders, openaiStreamErrorFrame } from './errors.js';
import { renderOpenAIChat, OPENAI_JSON, OPENAI_SSE } from './render/chat.js';
import { renderOpenAICompletions } from './render/completions.js';
import { renderOpenAIEmbeddings } from './render/embeddings.js';
import { renderOpenAIModels } from './render/models.js';
import { renderOpenAIResponses } from './render/responses.js';
import { openaiChatPath, openaiChatRequest } from './sample.js';

function wantsStream(req: RequestView): boolean {
  return streamAskedInQuery(req) ?? (req.json as { stream?: unknown } | undefined)?.stream === true;
}

/**
 * OpenAI and every OpenAI-compatible API (Ollama's `/v1`, Azure deployments, Groq, Gemini's
 * `/v1beta/openai`…): the fallback adapter, for any path no other provider claims.
 */
export const openai = defineProvider({
  name: 'openai',
  detect: () => true,
  // `openai` starts Azure's `/openai/deployments/…`; `v2` OpenAI-compatible APIs that version so.
  pathRoots: ['v1', 'openai', 'v2'],
  sdkBasePath: '/v1',
  sdkEnv: { baseUrl: 'OPENAI_BASE_URL', apiKey: 'OPENAI_API_KEY' },
  storedRequestHeaders: ['openai-beta'],

  model: (req) => jsonField(req.json, 'model'),
  wantsStream,
  streamFraming: (req) => (wantsStream(req) ? 'sse' : undefined),
  conversation: openaiConversation,

  contentTypes: { json: OPENAI_JSON, stream: OPENAI_SSE },
  // Paths are matched by their end, so prefixes (Azure `/openai/deployments/X`, Groq `/openai/v1`, Gemini `/v1beta/openai`) don't matter.
  // OpenAI's endpoints under any prefix (Azure, Groq, OpenRouter…): the fallback adapter detects every path, so this is what tells.
  isApiPath: (path: string) => OPENAI_API_PATH.test(path),
  endpoints: [
    { test: /\/chat\/completions$/, render: renderOpenAIChat },
    { test: /\/responses$/, render: renderOpenAIResponses },
    { test: /\/completions$/, render: renderOpenAICompletions },
    { test: /\/embeddings$/, render: renderOpenAIEmbeddings },
    { test: /\/models(?:\/[^/]+)?$/, render: renderOpenAIModels },
  ],
  fallbackRenderer: renderOpenAIChat,
  finishReasons: { stop: 'stop', length: 'length', tool_calls: 'tool_calls', content_filter: 'content_filter' },
  errorBody: openaiErrorBody,
  errorWording: OPENAI_ERROR_WORDING,
  streamErrorFrame: openaiStreamErrorFrame,
  isTerminator(frame: Buffer, framing: StreamFraming) {
    if (framing !== 'sse') return false;
    const text = frame.toString('utf8');
    return /^data: ?\[DONE\]\r?\n/m.test(text) || /(^|\n)event: ?response\.(completed|incomplete|failed)\r?\n/.test(text);
  },
  rateLimitHeaders: openaiRateLimitHeaders,
  formatRateReset: (resetInMs) => goDuration(resetInMs),
  emptyList(req) {
    if (req.method !== 'GET') return undefined;
    if (/\/models$/.test(req.path)) return { object: 'list', data: [] };
    if (/\/files$/.test(req.path)) return { object: 'list', data: [], has_more: false };
    return undefined;
  },

  sample: { model: 'gpt-4o-mini', chatGlob: '/v1/chat/completions', chatPath: openaiChatPath, chatRequest: openaiChatRequest },
});

const OPENAI_API_PATH =
  /\/(?:chat\/completions|completions|embeddings|moderations|responses(?:\/[^/]+(?:\/input_items|\/cancel)?)?|audio\/(?:speech|transcriptions|translations)|images\/(?:generations|edits|variations))\/?$|\/v1\/models(?:\/[^/]+)?\/?$/;
