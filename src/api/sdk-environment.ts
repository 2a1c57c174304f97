import type { ServerMode } from '../modes.js';
import { PROVIDER_NAMES, PROVIDERS, type ProviderName } from '../providers/registry.js';

/** The dummy key set where an SDK needs one and replay needs none. */
export const REPLAY_DUMMY_KEY = 'mockllm-replay-no-key';

/**
 * The environment that points the official SDKs at a mockllm server, for code that cannot
 * be handed a base URL: each provider adapter's `sdkEnv` (`OPENAI_BASE_URL`,
 * `ANTHROPIC_BASE_URL`, `GOOGLE_GEMINI_BASE_URL`, `OLLAMA_HOST` — ollama-js takes the last
 * only through `new Ollama({ host: process.env.OLLAMA_HOST })`), plus `OPENAI_API_BASE`
 * (openai for Python < 1) and `MOCKLLM_URL` for anything else. In replay, each adapter's
 * API key variable that `env` lacks gets a dummy value (`alreadySet` counts as lacking:
 * variables this caller set before); in record, the real keys must pass through to the
 * upstream, so none is invented.
 *
 * Shared by `mockllm run` and the runner helpers (the pytest plugin says the same in Python).
 */
export function sdkEnvironment(
  baseURL: (provider: ProviderName) => string,
  url: string,
  mode: ServerMode,
  env: NodeJS.ProcessEnv,
  alreadySet: (name: string) => boolean = () => false,
): Record<string, string> {
  const out: Record<string, string> = { MOCKLLM_URL: url, OPENAI_API_BASE: baseURL('openai') };
  for (const name of PROVIDER_NAMES) {
    const { baseUrl, apiKey } = PROVIDERS[name].sdkEnv;
    out[baseUrl] = baseURL(name);
    if (mode === 'replay' && apiKey && (!env[apiKey] || alreadySet(apiKey))) out[apiKey] = REPLAY_DUMMY_KEY;
  }
  return out;
}
