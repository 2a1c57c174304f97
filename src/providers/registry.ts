import { anthropic } from './anthropic/adapter.js';
import { gemini } from './gemini/adapter.js';
import { ollama } from './ollama/adapter.js';
import { openai } from './openai/adapter.js';
import type { ProviderAdapter, ProviderName, RequestView } from './provider.js';

/** Most specific first; openai is the fallback for any other path (OpenAI-compatible APIs). */
const DETECTION_ORDER: readonly ProviderAdapter[] = [anthropic, gemini, ollama, openai];

export const PROVIDERS: Readonly<Record<ProviderName, ProviderAdapter>> = { openai, ollama, anthropic, gemini };

export function detectProvider(req: RequestView): ProviderAdapter {
  return DETECTION_ORDER.find((p) => p.detect(req)) ?? openai;
}
