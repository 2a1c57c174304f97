import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServerFor, type StartOptions } from '../api/start-server.js';
import { checkCassetteName } from '../cassette/cassette-name.js';
import { validateOptions, type ServerOptions } from '../config/options.js';
import { ErrorCodes, MockllmError } from '../errors.js';
import { handleFaults, type HandleFaults } from '../faults/handle-faults.js';
import type { ServerMode } from '../modes.js';
import { PROVIDERS, type ProviderName } from '../providers/registry.js';
import { HEADER_CASSETTE, type MissReport, type MockllmServer } from '../server/mockllm-server.js';
import type { StatsSnapshot } from '../server/server-stats.js';
import { createLogger } from '../util/logger.js';
import { hostFilter, INTERCEPT_ORIGIN, type HostPattern } from './host-filter.js';
import { MissLog, missError, unusedError, unusedIn, withDetailsInMessage } from './miss-log.js';
import { NockBridge } from './nock-bridge.js';

/** What a test does about a request that matched nothing. */
export type OnMiss =
  /** Answer it like the server (404, provider-shaped, `x-mockllm-miss: 1`) and nothing more. */
  | 'respond'
  /** Answer it the same way, and also fail `assertNoMisses()` and the runner helpers. */
  | 'throw';

/**
 * Options of {@link intercept}: the server options (`cassettes`, `cassette`, `timing`,
 * `strict`, `ignore`, `upstream`…, validated by the same schema with the same errors;
 * `host` and `port` have no meaning here) plus how interception is scoped.
 */
export interface InterceptOptions extends StartOptions {
  /** `replay` (default) serves cassettes; `record` forwards to `upstream` and writes cassettes. */
  mode?: ServerMode;
  /**
   * Intercept only requests to these hosts (default: every host). `mockllm.intercept`
   * (what {@link InterceptHandle.baseURL} returns) is always intercepted.
   */
  hosts?: HostPattern[];
  /** Requests to these hosts are never intercepted and reach the network as usual. */
  passthrough?: HostPattern[];
  /** Default `throw`: a miss is answered like the server does and also counts as a failure. */
  onMiss?: OnMiss;
}

/** Interception in progress: the same pipeline as a server, in this process, without a port. */
export interface InterceptHandle {
  readonly mode: ServerMode;
  /** `http://mockllm.intercept`: a base URL that is always intercepted (no DNS, no socket). */
  readonly url: string;
  readonly options: ServerOptions;
  readonly onMiss: OnMiss;
  /**
   * A base URL for an SDK client: `…/v1` for OpenAI, the bare URL for Ollama, Anthropic and
   * Gemini; with `cassette`, requests are scoped to it through the `/c/NAME/` prefix. Only
   * needed for scoping: clients keeping their real base URL are intercepted too.
   */
  baseURL(provider?: ProviderName, cassette?: string): string;
  /** Hits, misses, recorded, faults fired and unused interactions so far. */
  stats(): StatsSnapshot;
  /** Every miss so far, with the explanation the client got. */
  misses(): readonly MissReport[];
  /**
   * Throws a `MockllmError` (`MOCKLLM_E_MISS`) listing each miss and why it missed — when
   * `onMiss` is `throw` (the default) and there was at least one.
   */
  assertNoMisses(): void;
  /** Throws `MOCKLLM_E_UNUSED` when interactions of these cassettes (default: all loaded) were never requested. */
  assertAllUsed(cassettes?: string[]): void;
  /**
   * From now on, requests that name no cassette (no `x-mockllm-cassette` header, no
   * `/c/NAME/` prefix) go to `name`; `undefined` goes back to the `cassette` option.
   */
  useCassette(name: string | undefined): void;
  /** Reloads cassettes from disk (an invalid file keeps the old version and throws). */
  reload(): { changed: string[] };
  /**
   * Stops intercepting and leaves the process as it was: interceptors removed, responses in
   * flight ended, nock deactivated when nothing else uses it (so `http` and `fetch` are the
   * originals), cassettes being recorded written. Idempotent.
   */
  restore(): Promise<void>;
  /** Same as {@link restore}, for code that treats this like a server handle. */
  close(): Promise<void>;
  /** Runtime fault overlays (`arm(fault, times?)`, `disarm(id)`, `clear()`), as on a server handle. */
  readonly faults: HandleFaults;
  /** The pipeline behind it, for advanced use. */
  readonly server: MockllmServer;
}

/** Set from the moment `intercept()` starts until `restore()` finished: one interception per process. */
let active = false;

/**
 * Serves cassettes to this process's own `fetch` and `http`/`https` clients (the `openai`
 * and `ollama` SDKs, `http.request`-based clients…) with no server and no port, through
 * nock. Each intercepted request runs through exactly the server's pipeline
 * (`MockllmServer.handle`): matching, misses, faults, timing and hand-written replies
 * behave as they do over a socket.
 *
 * One interception per process at a time (fetch and http are process-wide); call
 * `restore()` when done.
 *
 * ```ts
 * const mock = await intercept({ cassettes: './cassettes', cassette: 'chat' });
 * const openai = new OpenAI({ apiKey: 'test' });   // real base URL, intercepted
 * // … exercise the code under test …
 * mock.assertNoMisses();
 * await mock.restore();
 * ```
 */
export async function intercept(input: InterceptOptions = {}): Promise<InterceptHandle> {
  if (active) {
    throw new MockllmError(
      ErrorCodes.INTERCEPT_ACTIVE,
      'intercept(): another interception is already active in this process; call restore() on it first (fetch and http are process-wide)',
    );
  }
  const { mode = 'replay', hosts, passthrough, onMiss = 'throw', logger, ...rest } = input;
  if (onMiss !== 'respond' && onMiss !== 'throw')
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `intercept() options: onMiss must be "respond" or "throw", not ${JSON.stringify(onMiss)}`);
  if (mode !== 'replay' && mode !== 'record')
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `intercept() options: mode must be "replay" or "record", not ${JSON.stringify(mode)}`);
  const options = validateOptions(mode, { logLevel: 'silent', ...rest }, 'intercept() options');
  const server = createServerFor(mode, options, logger ?? createLogger(options.logLevel));
  server.prepare();
  const log = new MissLog();
  server.onMiss = (miss) => log.add(miss);

  let cassette: string | undefined;
  active = true;
  let bridge: NockBridge;
  try {
    bridge = await NockBridge.install(hostFilter({ hosts, passthrough }), (req, res) => {
      if (cassette !== undefined && req.headers[HEADER_CASSETTE] === undefined && !req.url.startsWith('/c/')) req.headers[HEADER_CASSETTE] = cassette;
      // The in-memory pair stands in for the socket's; the pipeline uses only what they implement.
      return server.handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    });
  } catch (e) {
    active = false;
    await server.close();
    throw e;
  }

  let restoring: Promise<void> | undefined;
  const restore = () => {
    restoring ??= (async () => {
      try {
        await bridge.remove();
        await server.close();
      } finally {
        active = false;
      }
    })();
    return restoring;
  };

  const handle: InterceptHandle = {
    mode,
    url: INTERCEPT_ORIGIN,
    options,
    onMiss,
    baseURL(provider: ProviderName = 'openai', cassette?: string) {
      const root = cassette ? `${INTERCEPT_ORIGIN}/c/${cassette}` : INTERCEPT_ORIGIN;
      return `${root}${PROVIDERS[provider].sdkBasePath}`;
    },
    stats: () => server.snapshot(),
    misses: () => log.all(),
    assertNoMisses() {
      if (onMiss === 'throw' && log.count > 0) throw withDetailsInMessage(missError(log.all()));
    },
    assertAllUsed(cassettes?: string[]) {
      const unused = unusedIn(server.snapshot(), cassettes);
      if (unused.length > 0) throw withDetailsInMessage(unusedError(unused));
    },
    useCassette(name: string | undefined) {
      if (name !== undefined) checkCassetteName(name);
      cassette = name;
    },
    reload: () => server.reload(),
    restore,
    close: restore,
    faults: handleFaults(server.faults),
    server,
  };
  return handle;
}
