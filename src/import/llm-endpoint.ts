import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderName, RequestView } from '../providers/provider.js';
import { detectProvider } from '../providers/registry.js';

/**
 * Whether an exchange found in someone else's recording is an LLM API call, and whose.
 *
 * Provider detection alone cannot decide: the OpenAI adapter is the fallback for every
 * path (OpenAI-compatible APIs live under any prefix), and Ollama's is any `/api/*` path —
 * a browser HAR is full of `/api/users`. So the detected adapter must also recognise the
 * path as one of its provider's endpoints:
 * - Anthropic and Gemini: their own detection is specific (`/v1/messages…`, an
 *   `anthropic-version` header; `/v1beta/…`, `/v1alpha/…`, `models/X:method`, `x-goog-api-key`).
 * - Ollama: the native API's endpoints (`/api/chat`, `/api/generate`, `/api/tags`…).
 *   Other `/api/…` paths count only as OpenAI-compatible endpoints (OpenRouter).
 * - OpenAI and compatible APIs (Azure, Groq, OpenRouter…): a path ending in one of
 *   OpenAI's endpoints (`…/chat/completions`, `…/completions`, `…/embeddings`,
 *   `…/responses[/ID]`, `…/moderations`, `…/audio/*`, `…/images/*`), or
 *   `…/v1/models[/ID]`, whatever the prefix.
 */
export function llmProviderOf(view: RequestView): ProviderName | undefined {
  const adapter = detectProvider(view);
  switch (adapter.name) {
    case 'anthropic':
    case 'gemini':
      return adapter.name;
    case 'ollama':
      // OpenAI-compatible APIs under `/api` (OpenRouter's `/api/v1/chat/completions`) too.
      if (OLLAMA_ENDPOINT.test(view.path)) return 'ollama';
      return OPENAI_ENDPOINT.test(view.path) ? 'openai' : undefined;
    default:
      return OPENAI_ENDPOINT.test(view.path) ? 'openai' : undefined;
  }
}

const OLLAMA_ENDPOINT = /^\/api\/(?:chat|generate|embed|embeddings|tags|show|ps|version|pull|push|create|copy|delete|blobs\/[^/]+)\/?$/;
const OPENAI_ENDPOINT =
  /\/(?:chat\/completions|completions|embeddings|moderations|responses(?:\/[^/]+(?:\/input_items|\/cancel)?)?|audio\/(?:speech|transcriptions|translations)|images\/(?:generations|edits|variations))\/?$|\/v1\/models(?:\/[^/]+)?\/?$/;

/** The request view provider adapters read, for an exchange read from a file. */
export function requestView(method: string, path: string, search: URLSearchParams, headers: IncomingHttpHeaders, body: Buffer): RequestView {
  return { method: method.toUpperCase(), path, query: search, headers, json: parseJson(body) };
}

function parseJson(body: Buffer): unknown {
  const first = body.subarray(0, 64).toString('utf8').trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
