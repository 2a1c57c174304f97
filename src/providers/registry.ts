import { anthropic } from './anthropic/adapter.js';
import { gemini } from './gemini/adapter.js';
import { ollama } from './ollama/adapter.js';
import { openai } from './openai/adapter.js';
import type { ProviderAdapter, RequestView } from './provider.js';

/**
 * Every provider, one line each, in detection order: most specific first; `openai` last, the
 * fallback for any other path (OpenAI-compatible APIs). A new provider is one folder
 * (`src/providers/<name>/adapter.ts` and what it uses) plus one line here.
 */
export const PROVIDERS = { anthropic, gemini, ollama, openai } as const satisfies Record<string, ProviderAdapter>;

/** A provider's name, as `--provider`, `match.provider` and `when.provider` write it. */
export type ProviderName = keyof typeof PROVIDERS;

export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

const DETECTION_ORDER: readonly ProviderAdapter[] = Object.values(PROVIDERS);

/** The adapter of a request: the first whose `detect` accepts it (openai accepts any). */
export function detectProvider(req: RequestView): ProviderAdapter {
  for (const p of DETECTION_ORDER) if (p.detect(req)) return p;
  return openai;
}

/** The adapter of a name; undefined when no provider has it. */
/**
 * The provider whose public API a request addresses, or undefined when it is no provider's
 * (detection alone cannot tell: the OpenAI adapter is the fallback for every path). The
 * first adapter in detection order that both detects the request and knows its path wins,
 * so OpenRouter's `/api/v1/chat/completions` is OpenAI-compatible, not Ollama.
 */
export function apiProviderOf(req: RequestView): ProviderAdapter | undefined {
  for (const p of DETECTION_ORDER) if (p.detect(req) && p.isApiPath(req.path)) return p;
  return undefined;
}

export function providerNamed(name: string): ProviderAdapter | undefined {
  return Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name as ProviderName] : undefined;
}

/**
 * Why a provider name written in a cassette or overlay is wrong, or undefined when it names a
 * provider. The schemas take any string, so that a provider is one folder plus one line here.
 */
export function providerNameProblem(name: string): string | undefined {
  return providerNamed(name) ? undefined : `unknown provider ${JSON.stringify(name)}; known: ${PROVIDER_NAMES.join(', ')}`;
}

/** Path segments that start some provider's paths: a `/c/NAME/` prefix ends before one. */
export const PROVIDER_PATH_ROOTS: ReadonlySet<string> = new Set(DETECTION_ORDER.flatMap((p) => p.pathRoots));

/** Request headers a cassette keeps because some provider's requests are explained by them. */
export const PROVIDER_STORED_REQUEST_HEADERS: readonly string[] = [...new Set(DETECTION_ORDER.flatMap((p) => p.storedRequestHeaders))];
