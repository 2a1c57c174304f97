import type { MockllmHandle } from '../api/server-handle.js';
import { sdkEnvironment } from '../api/sdk-environment.js';
import { startRecord, startReplay } from '../api/start-server.js';
import { optionsFromEnv } from '../config/options.js';
import { ErrorCodes, Errors, MockllmError } from '../errors.js';
import { intercept, type InterceptHandle, type InterceptOptions } from '../intercept/intercept.js';
import { MissLog, missError, unusedError, unusedIn, withDetailsInMessage } from '../intercept/miss-log.js';
import type { ServerMode } from '../modes.js';
import type { ProviderName } from '../providers/registry.js';
import type { MissReport } from '../server/mockllm-server.js';
import type { StatsSnapshot } from '../server/server-stats.js';
import { cassetteNameForFile, cassetteNameForTitle } from './cassette-naming.js';

/**
 * Options of the runner helpers (`mockllm/ava`, `mockllm/vitest`, `mockllm/node-test`):
 * the server options plus how a test file uses mockllm.
 */
export interface MockllmTestOptions extends Omit<InterceptOptions, 'mode' | 'onMiss'> {
  /**
   * `replay` (default) or `record`. The environment wins: `MOCKLLM_MODE=record` (with
   * `MOCKLLM_UPSTREAM=https://…`) turns the same suite into a recording run.
   */
  mode?: ServerMode;
  /**
   * `server` (default): a server per test file on a free port, with `OPENAI_BASE_URL`,
   * `OLLAMA_HOST`, `ANTHROPIC_BASE_URL` and `GOOGLE_GEMINI_BASE_URL` pointing at it.
   * `intercept`: no server; this process's `fetch` and `http` are intercepted (see
   * `mockllm/intercept`), whatever base URL the clients use.
   */
  transport?: 'server' | 'intercept';
  /**
   * Which cassette: `file` (default) — one per test file, named after it (`chat.test.ts` →
   * `chat`); `title` — one per test, `<file>/<test-title>`. A fixed `cassette` wins over both.
   */
  cassetteFrom?: 'file' | 'title';
  /** Fail a test whose requests matched nothing (default true). */
  failOnMiss?: boolean;
  /** After the last test, fail when interactions of the cassettes this file used were never requested (default false; replay only). */
  failOnUnused?: boolean;
  /**
   * Set the SDKs' base-URL variables for the code under test, and dummy API keys
   * (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`) when unset in replay (default
   * true; server transport only). Previous values come back after the last test.
   */
  setEnv?: boolean;
  /** The test file (e.g. `import.meta.url`), when the runner cannot tell (cassette naming only). */
  file?: string;
}

/** What a test file sees of its mockllm, once its `before` hook has run. */
export interface MockllmSuite {
  readonly mode: ServerMode;
  readonly transport: 'server' | 'intercept';
  /** The server URL, or `http://mockllm.intercept` in intercept mode. */
  readonly url: string;
  /** The cassette requests go to now: the file's, or the running test's in `title` mode. */
  readonly cassette: string | undefined;
  /** A base URL for an SDK client, scoped to the current cassette (`cassette` overrides). */
  baseURL(provider?: ProviderName, cassette?: string): string;
  stats(): StatsSnapshot;
  misses(): readonly MissReport[];
  /** The server or interception handle behind this suite. */
  readonly handle: MockllmHandle | InterceptHandle;
}

/** Options that stay the helper's: a per-file server always takes a free port on loopback. */
const NOT_FROM_ENV = new Set(['host', 'port', 'cassette', 'detach', 'pidFile']);

/**
 * The runner-neutral part of every helper: start before the file's tests, mark and check
 * each test, stop after the last one. A runner adapter only maps its hooks onto these.
 */
export class SuiteController implements MockllmSuite {
  readonly #options: MockllmTestOptions;
  readonly #env: NodeJS.ProcessEnv;
  readonly #log = new MissLog();
  readonly #savedEnv = new Map<string, string | undefined>();
  readonly #usedCassettes = new Set<string>();
  #handle: MockllmHandle | InterceptHandle | undefined;
  #mode: ServerMode = 'replay';
  #fileCassette: string | undefined;
  #current: string | undefined;
  #mark = 0;

  constructor(options: MockllmTestOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    this.#options = options;
    this.#env = env;
  }

  get transport(): 'server' | 'intercept' {
    return this.#options.transport ?? 'server';
  }

  get mode(): ServerMode {
    return this.#mode;
  }

  get handle(): MockllmHandle | InterceptHandle {
    if (!this.#handle) throw Errors.notStarted('the test helper');
    return this.#handle;
  }

  get url(): string {
    return this.handle.url;
  }

  get cassette(): string | undefined {
    return this.#current;
  }

  baseURL(provider: ProviderName = 'openai', cassette?: string): string {
    const name = cassette ?? this.#scopeInUrl();
    return this.handle.baseURL(provider, name);
  }

  stats(): StatsSnapshot {
    return this.handle.stats();
  }

  misses(): readonly MissReport[] {
    return this.#log.all();
  }

  /** Before the file's first test. `file` names the cassette in `file` mode. */
  async start(file: string | undefined): Promise<void> {
    if (this.#handle) return;
    const { transport: _t, cassetteFrom: _c, failOnMiss: _f, failOnUnused: _u, setEnv: _s, file: fileOption, mode: modeOption, ...serverOptions } = this.#options;
    const fromEnv = optionsFromEnv(this.#env);
    for (const key of NOT_FROM_ENV) delete fromEnv[key];
    const envMode = this.#env.MOCKLLM_MODE?.trim();
    if (envMode !== undefined && envMode !== '' && envMode !== 'replay' && envMode !== 'record')
      throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `MOCKLLM_MODE must be "replay" or "record", not ${JSON.stringify(envMode)}`);
    this.#mode = (envMode || modeOption || 'replay') as ServerMode;
    const source = fileOption ?? file;
    this.#fileCassette = serverOptions.cassette ?? (source ? cassetteNameForFile(source) : 'default');
    this.#current = this.#fileCassette;
    const options = { ...serverOptions, ...fromEnv, cassette: this.#fileCassette };
    if (this.#mode === 'record' && !options.upstream)
      throw new MockllmError(
        ErrorCodes.INVALID_OPTIONS,
        'mockllm: record mode needs an upstream: set MOCKLLM_UPSTREAM (e.g. https://api.openai.com or http://localhost:11434) or the helper\'s `upstream` option',
      );

    if (this.transport === 'intercept') {
      this.#handle = await intercept({ ...options, mode: this.#mode, onMiss: 'respond' });
    } else {
      this.#handle = this.#mode === 'record' ? await startRecord(options as typeof options & { upstream: string }) : await startReplay(options);
    }
    const server = this.#handle.server;
    const previous = server.onMiss;
    server.onMiss = (miss) => {
      previous?.(miss);
      this.#log.add(miss);
    };
    if (this.transport === 'server' && this.#options.setEnv !== false) this.#applyEnv();
  }

  /** Before each test: remember where its misses start; in `title` mode, switch cassette. */
  beginTest(title: string): void {
    this.#mark = this.#log.count;
    if (this.#titleMode()) {
      this.#current = cassetteNameForTitle(this.#fileCassette ?? 'default', title);
      if (this.#handle && 'useCassette' in this.#handle) this.#handle.useCassette(this.#current);
      if (this.transport === 'server' && this.#options.setEnv !== false && this.#handle) this.#applyEnv();
    }
    if (this.#current !== undefined) this.#usedCassettes.add(this.#current);
  }

  /** After each test: throws (failing it) when its requests missed. */
  endTest(title: string): void {
    const mine = this.#log.since(this.#mark);
    if (this.#titleMode()) {
      this.#current = this.#fileCassette;
      if (this.#handle && 'useCassette' in this.#handle) this.#handle.useCassette(undefined);
    }
    if (this.#options.failOnMiss === false || mine.length === 0) return;
    throw withDetailsInMessage(missError(mine, `in test ${JSON.stringify(title)}`));
  }

  /** After the last test: restores the environment, stops, then checks unused interactions. */
  async stop(): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    this.#restoreEnv();
    const stats = handle.stats();
    this.#handle = undefined;
    await ('restore' in handle ? handle.restore() : handle.close());
    if (this.#options.failOnUnused && this.#mode === 'replay') {
      const unused = unusedIn(stats, [...this.#usedCassettes]);
      if (unused.length > 0) throw withDetailsInMessage(unusedError(unused, 'in the cassettes of this file'));
    }
  }

  #titleMode(): boolean {
    return this.#options.cassetteFrom === 'title' && this.#options.cassette === undefined;
  }

  /** In `file` mode the server's default scope is the file's cassette: no URL prefix needed. */
  #scopeInUrl(): string | undefined {
    return this.#titleMode() && this.#current !== this.#fileCassette ? this.#current : undefined;
  }

  #applyEnv(): void {
    const set = (name: string, value: string) => {
      if (!this.#savedEnv.has(name)) this.#savedEnv.set(name, this.#env[name]);
      this.#env[name] = value;
    };
    const vars = sdkEnvironment((provider) => this.baseURL(provider), this.url, this.#mode, this.#env, (name) => this.#savedEnv.has(name));
    for (const [name, value] of Object.entries(vars)) set(name, value);
  }

  #restoreEnv(): void {
    for (const [name, value] of this.#savedEnv) {
      if (value === undefined) delete this.#env[name];
      else this.#env[name] = value;
    }
    this.#savedEnv.clear();
  }
}
