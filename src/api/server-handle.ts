import type { ServerOptions } from '../config/options.js';
import { handleFaults, type HandleFaults } from '../faults/handle-faults.js';
import { PROVIDERS, type ProviderName } from '../providers/registry.js';
import type { MockllmServer } from '../server/mockllm-server.js';
import type { StatsSnapshot } from '../server/server-stats.js';

/** A running mockllm server, as test code sees it. */
export interface MockllmHandle {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly options: ServerOptions;
  /**
   * The base URL an SDK client takes: `…/v1` for OpenAI (and OpenAI-compatible), the bare
   * URL for Ollama, Anthropic and Gemini. With `cassette`, requests are scoped to it via
   * the `/c/NAME/` prefix.
   */
  baseURL(provider?: ProviderName, cassette?: string): string;
  /** Hits, misses, recorded, faults fired and unused interactions so far. */
  stats(): StatsSnapshot;
  /** Reloads cassettes from disk (an invalid file keeps the old version and throws). */
  reload(): { changed: string[] };
  /** Stops the server; in record mode, finishes writing cassettes first. */
  close(): Promise<void>;
  /** The underlying server, for advanced use. */
  readonly server: MockllmServer;
  /** Runtime fault overlays, the same store as `/_mockllm/faults` (docs/faults.md). */
  readonly faults: HandleFaults;
}

export function handleFor(server: MockllmServer, port: number): MockllmHandle {
  return {
    url: server.url,
    port,
    options: server.options,
    baseURL(provider: ProviderName = 'openai', cassette?: string) {
      const root = cassette ? `${server.url}/c/${cassette}` : server.url;
      return `${root}${PROVIDERS[provider].sdkBasePath}`;
    },
    stats: () => server.snapshot(),
    reload: () => server.reload(),
    close: () => server.close(),
    server,
    faults: handleFaults(server.faults),
  };
}
