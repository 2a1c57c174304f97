import { goDuration, openaiRateLimitHeaders } from '../openai/errors.js';
import { defineProvider, streamAskedInQuery, type RequestView } from '../provider.js';
import { geminiConversation } from './conversation.js';
import { GEMINI_ERROR_WORDING, geminiErrorBody, geminiStreamErrorFrame } from './errors.js';
import { GEMINI_JSON, GEMINI_SSE, renderGeminiCountTokens, renderGeminiEmbed, renderGeminiGenerate } from './render/content.js';
import { geminiChatPath, geminiChatRequest } from './sample.js';

/** Model in a Gemini path: `/v1beta/models/{model}:generateContent`. */
const MODEL_IN_PATH = /\/models\/([^/:]+)(?::|$)/;

function wantsStream(req: RequestView): boolean {
  return streamAskedInQuery(req) ?? req.path.endsWith(':streamGenerateContent');
}

/** Google Gemini API (`/v1beta/models/...:generateContent` and `:streamGenerateContent`). */
export const gemini = defineProvider({
  name: 'gemini',
  detect: (req) =>
    !req.path.startsWith('/v1beta/openai/') &&
    (req.path.startsWith('/v1beta/') || req.path.startsWith('/v1alpha/') || /\/models\/[^/]+:[A-Za-z]+$/.test(req.path) || req.headers['x-goog-api-key'] !== undefined),
  pathRoots: ['v1beta', 'v1alpha'],
  sdkEnv: { baseUrl: 'GOOGLE_GEMINI_BASE_URL', apiKey: 'GEMINI_API_KEY' },

  model: (req) => MODEL_IN_PATH.exec(req.path)?.[1],
  wantsStream,
  // The stream endpoint frames SSE only with `alt=sse`; without it, it answers one JSON array.
  streamFraming: (req) => (wantsStream(req) && req.query.get('alt') === 'sse' ? 'sse' : undefined),
  conversation: geminiConversation,

  contentTypes: { json: GEMINI_JSON, stream: GEMINI_SSE },
  endpoints: [
    { test: /:countTokens$/, render: renderGeminiCountTokens },
    { test: /:(?:embedContent|batchEmbedContents)$/, render: renderGeminiEmbed },
    { test: /:(?:generateContent|streamGenerateContent)$/, render: renderGeminiGenerate },
  ],
  fallbackRenderer: renderGeminiGenerate,
  // Gemini ends a function-call turn with STOP.
  finishReasons: { stop: 'STOP', length: 'MAX_TOKENS', tool_calls: 'STOP', content_filter: 'SAFETY' },
  errorBody: (spec, req) => geminiErrorBody(spec, req.path.endsWith(':streamGenerateContent')),
  errorWording: GEMINI_ERROR_WORDING,
  streamErrorFrame: geminiStreamErrorFrame,
  isTerminator: () => false,
  // Gemini sends no rate-limit headers (PROTOCOLS §5); a 429 fault carries OpenAI's, which generic clients read.
  rateLimitHeaders: openaiRateLimitHeaders,
  formatRateReset: (resetInMs) => goDuration(resetInMs),
  emptyList(req) {
    if (req.method !== 'GET') return undefined;
    if (/\/models$/.test(req.path)) return { models: [] };
    if (/\/files$/.test(req.path)) return { files: [] };
    return undefined;
  },

  sample: { model: 'gemini-2.5-flash', chatGlob: '/v1beta/models/*:*enerateContent', chatPath: geminiChatPath, chatRequest: geminiChatRequest },
});
