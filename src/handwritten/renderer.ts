import type { ReplySpec, StoredResponse } from '../cassette/types.js';
import type { ProviderName, RequestView } from '../providers/provider.js';
import { renderAnthropicCountTokens, renderAnthropicMessages } from '../providers/anthropic/render/messages.js';
import { renderErrorReply } from './error-reply.js';
import { renderGeminiCountTokens, renderGeminiEmbed, renderGeminiGenerate } from '../providers/gemini/render/content.js';
import { renderOllamaEmbed, renderOllamaPs, renderOllamaShow, renderOllamaTags, renderOllamaVersion } from '../providers/ollama/render/catalog.js';
import { renderOllamaChat, renderOllamaGenerate } from '../providers/ollama/render/generation.js';
import { renderOpenAIChat } from '../providers/openai/render/chat.js';
import { renderOpenAICompletions } from '../providers/openai/render/completions.js';
import { renderOpenAIEmbeddings } from '../providers/openai/render/embeddings.js';
import { renderOpenAIModels } from '../providers/openai/render/models.js';
import { renderOpenAIResponses } from '../providers/openai/render/responses.js';
import { resolveReply, type RenderContext, type ResolvedReply } from './resolved-reply.js';

export type { RenderContext } from './resolved-reply.js';

type Renderer = (r: ResolvedReply) => StoredResponse;

/** One endpoint family: which paths it serves (tested in order, first match wins). */
interface Route {
  test: RegExp;
  render: Renderer;
}

/**
 * Endpoint families per provider. Paths are matched by their end, so prefixes (Azure
 * `/openai/deployments/X`, Groq `/openai/v1`, Gemini `/v1beta/openai`, `/c/NAME`) don't matter.
 * The last route of each provider is its fallback for any other path.
 */
const ROUTES: Record<ProviderName, Route[]> = {
  openai: [
    { test: /\/chat\/completions$/, render: renderOpenAIChat },
    { test: /\/responses$/, render: renderOpenAIResponses },
    { test: /\/completions$/, render: renderOpenAICompletions },
    { test: /\/embeddings$/, render: renderOpenAIEmbeddings },
    { test: /\/models(?:\/[^/]+)?$/, render: renderOpenAIModels },
    { test: /(?:)/, render: renderOpenAIChat },
  ],
  ollama: [
    { test: /\/api\/chat$/, render: renderOllamaChat },
    { test: /\/api\/generate$/, render: renderOllamaGenerate },
    { test: /\/api\/embed(?:dings)?$/, render: renderOllamaEmbed },
    { test: /\/api\/tags$/, render: renderOllamaTags },
    { test: /\/api\/show$/, render: renderOllamaShow },
    { test: /\/api\/ps$/, render: renderOllamaPs },
    { test: /\/api\/version$/, render: renderOllamaVersion },
    { test: /(?:)/, render: renderOllamaChat },
  ],
  anthropic: [
    { test: /\/messages\/count_tokens$/, render: renderAnthropicCountTokens },
    { test: /(?:)/, render: renderAnthropicMessages },
  ],
  gemini: [
    { test: /:countTokens$/, render: renderGeminiCountTokens },
    { test: /:(?:embedContent|batchEmbedContents)$/, render: renderGeminiEmbed },
    { test: /(?:)/, render: renderGeminiGenerate },
  ],
};

/** The renderer for a request's endpoint (exported for tests and for `mockllm show`). */
export function rendererFor(provider: ProviderName, path: string): Renderer {
  return ROUTES[provider].find((route) => route.test.test(path))!.render;
}

/**
 * Renders a hand-written reply into the response a real provider would have sent for this
 * request — the same `StoredResponse` structure a recorded response has (status, headers
 * with content-type, and `body` or `stream` with timed events), so the replay plan and player
 * serve it and every fault and timing feature applies.
 *
 * The endpoint family comes from the adapter (`ctx.provider`) and the path; streaming from the
 * adapter's `wantsStream`. `reply.status` ≥ 400 gives the provider's error body instead.
 * Deterministic: ids derive from a hash of the request and the reply (`reply.id` overrides
 * the top-level id), `created` from that hash too unless `ctx.now` is given, so the same
 * request renders the same bytes every time.
 */
export function renderReply(reply: ReplySpec, req: RequestView, ctx: RenderContext): StoredResponse {
  const resolved = resolveReply(reply, req, ctx);
  if (reply.status !== undefined && reply.status >= 400) return renderErrorReply(resolved);
  return rendererFor(ctx.provider.name, req.path)(resolved);
}
