import { defineProvider, streamAskedInQuery, type RequestView } from '../provider.js';
import { jsonField } from '../request-fields.js';
import { anthropicConversation } from './conversation.js';
import { ANTHROPIC_ERROR_WORDING, anthropicErrorBody, anthropicRateLimitHeaders, anthropicStreamErrorFrame, rfc3339 } from './errors.js';
import { ANTHROPIC_JSON, ANTHROPIC_SSE, renderAnthropicCountTokens, renderAnthropicMessages } from './render/messages.js';
import { anthropicChatPath, anthropicChatRequest } from './sample.js';

function wantsStream(req: RequestView): boolean {
  return streamAskedInQuery(req) ?? (req.json as { stream?: unknown } | undefined)?.stream === true;
}

/** Anthropic Messages API (`/v1/messages`, `/v1/messages/count_tokens`). */
export const anthropic = defineProvider({
  name: 'anthropic',
  detect: (req) => req.path.startsWith('/v1/messages') || req.headers['anthropic-version'] !== undefined,
  pathRoots: ['v1'],
  sdkEnv: { baseUrl: 'ANTHROPIC_BASE_URL', apiKey: 'ANTHROPIC_API_KEY' },
  storedRequestHeaders: ['anthropic-version', 'anthropic-beta'],

  model: (req) => jsonField(req.json, 'model'),
  wantsStream,
  streamFraming: (req) => (wantsStream(req) ? 'sse' : undefined),
  conversation: anthropicConversation,

  contentTypes: { json: ANTHROPIC_JSON, stream: ANTHROPIC_SSE },
  endpoints: [
    { test: /\/messages\/count_tokens$/, render: renderAnthropicCountTokens },
    { test: /\/messages$/, render: renderAnthropicMessages },
  ],
  fallbackRenderer: renderAnthropicMessages,
  // Anthropic has no content filter reason; `refusal` is its stop reason for declined requests.
  finishReasons: { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' },
  errorBody: anthropicErrorBody,
  errorWording: ANTHROPIC_ERROR_WORDING,
  streamErrorFrame: anthropicStreamErrorFrame,
  // Its real mid-stream failure is `overloaded_error`.
  streamErrorStatus: 529,
  isTerminator: (frame, framing) => framing === 'sse' && /(^|\n)event: ?message_stop\r?\n/.test(frame.toString('utf8')),
  // `event: ping` with `{"type": "ping"}` (as sent, with the space).
  pingFrame: (nl) => `event: ping${nl}data: {"type": "ping"}${nl}${nl}`,
  rateLimitHeaders: anthropicRateLimitHeaders,
  formatRateReset: (resetInMs, nowMs) => rfc3339(nowMs + resetInMs),
  emptyList(req) {
    if (req.method !== 'GET' || !/\/v1\/(?:models|files)$/.test(req.path)) return undefined;
    return { data: [], has_more: false, first_id: null, last_id: null };
  },

  sample: { model: 'claude-sonnet-4-5', chatGlob: '/v1/messages', chatPath: anthropicChatPath, chatRequest: anthropicChatRequest },
});
