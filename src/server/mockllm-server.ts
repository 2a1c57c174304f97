import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { bodyAsJson, encodeBody } from '../cassette/body-codec.js';
import { isHandWritten, type StoredResponse } from '../cassette/types.js';
import type { ServerOptions } from '../config/options.js';
import { ErrorCodes, isMockllmError, MockllmError } from '../errors.js';
import { BUILTIN_RULES } from '../match/builtin-rules.js';
import type { InteractionIndex } from '../match/interaction-index.js';
import { explainMiss, type NearRule } from '../match/miss-explainer.js';
import { liveSignature } from '../match/exact-request.js';
import { rememberSecrets, type IncomingRequestData } from '../match/normalize.js';
import { requestKey, type KeyOptions } from '../match/request-key.js';
import { SequenceCursors } from '../match/sequence-cursors.js';
import { decide, type Decision, type ServerMode } from '../modes.js';
import type { ProviderAdapter, RequestView } from '../providers/provider.js';
import { detectProvider } from '../providers/registry.js';
import { Scrubber } from '../redact/scrubber.js';
import { planFromStored, type ResponsePlan } from '../replay/plan.js';
import { play, type FrameOperator } from '../replay/player.js';
import { timingFactor, type ResponseOrigin } from '../replay/timing-factor.js';
import { CassetteLibrary } from '../store/cassette-library.js';
import { DebouncedWatcher } from '../store/file-watcher.js';
import { entryRef, type IndexedInteraction } from '../store/loaded-cassette.js';
import type { Logger } from '../util/logger.js';
import { handleAdmin, ADMIN_PREFIX } from './admin-routes.js';
import { readBody } from './body-reader.js';
import { resolveScope } from './cassette-scope.js';
import { LiveExchange, LiveRequest } from './live-request.js';
import type { AppliedFault, Exchange, FaultLayer, Forwarder, ReplyRenderer } from './exchange.js';
import { ServerStats, type StatsSnapshot } from './server-stats.js';

/** A hand-written rule check: does this entry's matcher accept the request? */
export type RuleMatcher = (entry: IndexedInteraction, view: RequestView, provider: ProviderAdapter) => { matched: boolean; failed: string[]; passed: number };

export interface ServerDeps {
  mode: ServerMode;
  options: ServerOptions;
  logger: Logger;
  faults?: FaultLayer;
  createForwarder?: (server: MockllmServer) => Forwarder;
  render?: ReplyRenderer;
  matchRule?: RuleMatcher;
}

/** One request that matched nothing, as `onMiss` reports it. */
export interface MissReport {
  method: string;
  /** The request path (without a `/c/NAME` prefix). */
  path: string;
  /** The cassette the request was scoped to, if any. */
  scope?: string;
  /** The explanation the client got (closest interaction, differing JSON pointers). */
  message: string;
}

/** Headers mockllm adds to every replayed response. */
export const HEADER_CASSETTE = 'x-mockllm-cassette';
export const HEADER_INTERACTION = 'x-mockllm-interaction';
export const HEADER_MISS = 'x-mockllm-miss';
export const HEADER_FAULT = 'x-mockllm-fault';

/**
 * The HTTP server behind `mockllm replay` and `mockllm record`. It turns each request into
 * an Exchange, asks `decide()` what to do, and carries that out: replay, render, forward
 * (record) or miss — with the fault layer reshaping what the client sees.
 */
export class MockllmServer {
  readonly mode: ServerMode;
  readonly options: ServerOptions;
  readonly logger: Logger;
  readonly library: CassetteLibrary;
  readonly stats = new ServerStats();
  readonly cursors = new SequenceCursors();
  readonly scrubber: Scrubber;
  readonly keyOptions: KeyOptions;
  readonly faults: FaultLayer | undefined;
  /** Called when a client asks `/_mockllm/shutdown`; the CLI exits with its summary. */
  onShutdownRequest: (() => void) | undefined;
  /** Called on every miss with what the client was told; in-process helpers collect these. */
  onMiss: ((miss: MissReport) => void) | undefined;

  readonly #deps: ServerDeps;
  readonly #http: Server;
  readonly #sockets = new Set<Socket>();
  #forwarder: Forwarder | undefined;
  #nextId = 1;
  #url = '';
  #closing: Promise<void> | undefined;
  #watcher: DebouncedWatcher | undefined;
  #prepared = false;
  #knownModels: { index: InteractionIndex; models: string[] } | undefined;

  constructor(deps: ServerDeps) {
    this.#deps = deps;
    this.mode = deps.mode;
    this.options = deps.options;
    this.logger = deps.logger;
    this.faults = deps.faults;
    this.keyOptions = Object.freeze({ ignore: [...deps.options.ignore], headers: deps.options.matchHeaders.map((h) => h.toLowerCase()) });
    // Redaction settings live in the scrubber, so incoming requests are normalized exactly
    // like stored ones before the key is computed (--redact-pointer never breaks matching).
    this.scrubber = new Scrubber(
      deps.options.redactPattern.map((p) => new RegExp(p, 'g')),
      { pointers: deps.options.redactPointer, headers: deps.options.redactHeader },
    );
    // Replay with --cassette loads only that cassette (and those under it); record keeps every
    // cassette known, since a request may name another one to append to.
    this.library = new CassetteLibrary(deps.options.cassettes, this.keyOptions, deps.mode === 'replay' ? deps.options.cassette : undefined);
    this.#http = createServer({ keepAliveTimeout: 5000, requestTimeout: 0, headersTimeout: 60_000 }, (req, res) => {
      void this.handle(req, res);
    });
    this.#http.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  get url(): string {
    return this.#url;
  }

  /**
   * Loads cassettes (throwing InvalidCassetteError on a bad file) and prepares the layers,
   * without a socket: enough for in-process use through `handle()`.
   */
  prepare(): void {
    if (this.#prepared) return;
    this.library.load();
    if (this.#deps.createForwarder) this.#forwarder = this.#deps.createForwarder(this);
    this.#prepared = true;
  }

  /** Loads cassettes and starts listening. */
  async listen(): Promise<{ url: string; host: string; port: number }> {
    this.prepare();
    await new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => {
        const why = e.code === 'EADDRINUSE' ? 'the port is already in use; stop the other process or pick another with --port (0 = any free port)' : e.message;
        reject(new MockllmError(ErrorCodes.LISTEN, `cannot listen on ${this.options.host}:${this.options.port}: ${why}`, [], { cause: e }));
      };
      this.#http.once('error', onError);
      this.#http.listen(this.options.port, this.options.host, () => {
        this.#http.off('error', onError);
        resolve();
      });
    });
    if (this.options.watch) this.#startWatching();
    const address = this.#http.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.#url = `http://${host}:${address.port}`;
    return { url: this.#url, host: address.address, port: address.port };
  }

  /** Stops accepting, ends open streams, finishes pending cassette writes. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#watcher?.close();
      await new Promise<void>((resolve) => {
        if (!this.#http.listening) return resolve();
        this.#http.close(() => resolve());
        this.#http.closeIdleConnections();
        for (const s of this.#sockets) s.destroy();
      });
      await this.#forwarder?.close();
    })();
    return this.#closing;
  }

  /**
   * `--watch`: cassettes and overlay files reload when they change. A broken edit is logged
   * (file and pointer) and the previous version keeps serving; requests in flight finish
   * on the version they started with, since each holds its own plan.
   */
  #startWatching(): void {
    const paths = [{ path: this.options.cassettes, recursive: true }, ...this.options.overlay.map((path) => ({ path, recursive: false }))];
    const attempt = (what: string, reload: () => string) => {
      try {
        this.logger.info(reload());
      } catch (e) {
        const details = isMockllmError(e) ? e.details.map((d) => `\n  ${d}`).join('') : '';
        this.logger.error(`${what} reload failed, still serving the previous version: ${(e as Error).message}${details}`);
      }
    };
    this.#watcher = new DebouncedWatcher(paths, () => {
      attempt('cassette', () => {
        const { changed } = this.reload();
        return `reloaded cassettes${changed.length ? `: ${changed.join(', ')}` : ' (none changed)'}`;
      });
      if (this.faults?.reloadOverlays) attempt('overlay', () => (this.faults!.reloadOverlays!(), 'reloaded overlays'));
    });
  }

  /** Reloads cassettes from disk; an invalid file keeps the previous version serving. */
  reload(): { changed: string[] } {
    const { changed } = this.library.load();
    this.cursors.forget(changed);
    return { changed: [...changed].sort() };
  }

  snapshot(): StatsSnapshot {
    return this.stats.snapshot(this.mode, this.library.index);
  }

  /** Every model name the cassettes know (recorded requests and aliases), for model listings. */
  knownModels(): string[] {
    // Derived from the index, so computed once per (re)load rather than on every rendered reply.
    const index = this.library.index;
    if (this.#knownModels?.index === index) return this.#knownModels.models;
    const names = new Set<string>();
    for (const c of index.cassettes) {
      for (const alias of Object.keys(c.cassette.models ?? {})) names.add(alias);
      for (const e of c.entries) {
        const i = e.interaction;
        const body = isHandWritten(i) ? undefined : bodyAsJson(i.request.body);
        const model = (body as { model?: unknown } | undefined)?.model;
        if (typeof model === 'string') names.add(model);
        if (isHandWritten(i) && typeof i.match.model === 'string') names.add(i.match.model);
      }
    }
    this.#knownModels = { index, models: [...names].sort() };
    return this.#knownModels.models;
  }

  /**
   * Serves one request. Public so that in-process interception can drive the same
   * pipeline with its own request/response objects.
   */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://mockllm.invalid');
    this.#applyCors(req, res);
    if (req.method === 'OPTIONS' && this.options.cors && req.headers['access-control-request-method']) {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname.startsWith(ADMIN_PREFIX)) {
      await handleAdmin(this, req, res, url);
      return;
    }
    this.stats.requests++;
    // URL parsing resolves `/c/../x` to `/x`; a dot segment in the raw path is refused instead.
    const rawPath = (req.url ?? '/').split('?', 1)[0]!;
    const scoped = rawPath.includes('.') && /(^|\/)\.\.?(\/|$)/.test(rawPath)
      ? ({ ok: false, problem: `path ${JSON.stringify(rawPath)} has "." or ".." segments` } as const)
      : resolveScope(url.pathname, req.headers[HEADER_CASSETTE], (name) => this.library.index.cassette(name) !== undefined);
    if (!scoped.ok) {
      this.#sendError(res, beforeBody(req, url, url.pathname), 400, `mockllm: ${scoped.problem}`);
      this.#logLine(req, url.pathname, 400, startedAt, { outcome: 'error', note: scoped.problem });
      return;
    }
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, this.options.maxBodyBytes);
    } catch (e) {
      const tooLarge = isMockllmError(e) && e.code === ErrorCodes.BODY_TOO_LARGE;
      this.#sendError(res, beforeBody(req, url, scoped.path), tooLarge ? 413 : 400, `mockllm: ${(e as Error).message}`);
      this.#logLine(req, scoped.path, tooLarge ? 413 : 400, startedAt, { outcome: 'error', note: (e as Error).message });
      return;
    }
    let ex: Exchange;
    try {
      ex = this.#exchange(req, res, url, this.#effectiveScope(scoped.scope), scoped.path, rawBody, startedAt);
    } catch (e) {
      // A request mockllm refuses by what it holds (JSON nested too deep): its code's status.
      if (!isMockllmError(e)) throw e;
      this.#sendError(res, beforeBody(req, url, scoped.path), e.status, `mockllm: ${e.message}`, e.code);
      this.#logLine(req, scoped.path, e.status, startedAt, { outcome: 'error', note: e.code });
      return;
    }
    try {
      await this.#serve(ex);
    } catch (e) {
      if (isMockllmError(e) && e.code !== ErrorCodes.INTERNAL && !res.headersSent) {
        // A refusal of what the request asks (a cassette path outside the directory…): its code's status.
        this.#sendError(res, ex, e.status, `mockllm: ${e.message}`, e.code);
        Object.assign(ex.log, { status: e.status, outcome: 'error', note: e.code });
        this.#logExchange(ex);
        return;
      }
      // Not the stored form: making it may be what threw.
      this.logger.error(`mockllm: internal error on ${ex.view.method} ${this.scrubber.scrub(ex.view.path)}: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) this.#sendError(res, ex, 500, `mockllm internal error: ${(e as Error).message}`);
      else res.destroy();
      ex.log.status = 500;
      ex.log.outcome = 'error';
    }
    this.#logExchange(ex);
  }

  /**
   * Replay: the named cassette, else `--cassette`, else every cassette. Record: the named
   * cassette, else `--cassette`, else `default` — the one new interactions are written to.
   */
  #effectiveScope(named: string | undefined): string | undefined {
    if (named !== undefined) return named;
    if (this.options.cassette !== undefined) return this.options.cassette;
    return this.mode === 'record' ? 'default' : undefined;
  }

  #exchange(req: IncomingMessage, res: ServerResponse, url: URL, scope: string | undefined, path: string, rawBody: Buffer, startedAt: number): Exchange {
    const incoming: IncomingRequestData = { method: req.method ?? 'GET', path, search: url.searchParams, headers: req.headers, body: rawBody };
    rememberSecrets(incoming, this.scrubber);
    const index = this.library.index;
    const signature = index.hasSignatures ? liveSignature(incoming, this.scrubber, this.keyOptions) : undefined;
    const knownKey = signature === undefined ? undefined : index.keyOfSignature(signature);
    // Only a recording server writes requests down; replay needs what matching reads.
    const view = new LiveRequest(incoming, this.scrubber, this.keyOptions.headers, this.mode === 'record' ? 'store' : 'match');
    return new LiveExchange({
      id: this.#nextId++,
      startedAt,
      req,
      res,
      scope,
      view,
      provider: detectProvider(view),
      key: knownKey ?? requestKey(view.stored, this.keyOptions),
      rawBody,
    });
  }

  async #serve(ex: Exchange): Promise<void> {
    const problem = this.faults?.problem?.(ex);
    if (problem) {
      this.#sendError(ex.res, ex, 400, `mockllm: ${problem}`);
      Object.assign(ex.log, { status: 400, outcome: 'error', note: problem });
      return;
    }
    const index = this.library.index;
    const recorded = index.recorded(ex.scope, ex.key);
    const served = this.cursors.take(ex.scope, ex.key);
    const rule = recorded.length === 0 || this.options.strict ? this.#firstMatchingRule(ex) : undefined;
    const decision = decide({
      mode: this.mode,
      recordMode: this.options.recordMode,
      strict: this.options.strict,
      recordedCount: recorded.length,
      served,
      handwrittenMatch: rule !== undefined,
    });
    const entry = decision.action === 'replay' ? recorded[decision.position] : decision.action === 'render' ? rule : undefined;
    const fault = this.faults?.select(ex, { decision, mode: this.mode, ...(entry ? { entry } : {}) });
    if (fault) {
      ex.res.setHeader(HEADER_FAULT, fault.label);
      ex.log.fault = `${fault.label} (${fault.source})`;
      this.stats.fault(fault.source);
    }
    if (fault?.response) {
      ex.log.outcome = 'fault';
      await this.#play(ex, fault.response, fault.operator);
      return;
    }
    switch (decision.action) {
      case 'replay':
      case 'render': {
        const hit = entry!;
        this.stats.hit(hit);
        ex.log.ref = entryRef(hit);
        ex.log.outcome = decision.action === 'replay' ? 'hit' : 'render';
        ex.res.setHeader(HEADER_CASSETTE, hit.cassette.name);
        ex.res.setHeader(HEADER_INTERACTION, hit.label);
        await this.#play(ex, planFromStored(this.#responseOf(hit, ex)), fault?.operator, isHandWritten(hit.interaction) ? 'handwritten' : 'recorded');
        return;
      }
      case 'forward': {
        if (!this.#forwarder) throw new Error('forward decided without a forwarder');
        ex.log.outcome = 'record';
        await this.#forwarder.forward(ex, fault?.operator);
        ex.log.status = ex.res.statusCode;
        return;
      }
      case 'miss':
        await this.#miss(ex, decision, fault?.operator);
        return;
    }
  }

  #responseOf(entry: IndexedInteraction, ex: Exchange): StoredResponse {
    const i = entry.interaction;
    if (!isHandWritten(i)) return i.response;
    if (i.response) return i.response;
    if (!this.#deps.render) throw new Error('hand-written replies need a renderer');
    return this.#deps.render(entry, ex, this.knownModels());
  }

  #firstMatchingRule(ex: Exchange): IndexedInteraction | undefined {
    const match = this.#deps.matchRule;
    if (!match) return undefined;
    const rules = this.library.index.handwritten(ex.scope);
    const candidates = this.mode === 'replay' ? [...rules, ...BUILTIN_RULES] : rules;
    return candidates.find((e) => match(e, ex.view, ex.provider).matched);
  }

  #nearRules(ex: Exchange): NearRule[] {
    const match = this.#deps.matchRule;
    if (!match) return [];
    return this.library.index
      .handwritten(ex.scope)
      .map((entry) => ({ entry, result: match(entry, ex.view, ex.provider) }))
      .filter((r) => !r.result.matched && r.result.passed > 0)
      .sort((a, b) => a.result.failed.length - b.result.failed.length)
      .slice(0, 3)
      .map((r) => ({ entry: r.entry, failed: r.result.failed }));
  }

  async #miss(ex: Exchange, decision: Extract<Decision, { action: 'miss' }>, operator: FrameOperator | undefined): Promise<void> {
    this.stats.miss(ex.scope);
    const explanation = explainMiss(ex.stored, this.library.index.entries(ex.scope), this.keyOptions, {
      ...(ex.scope !== undefined ? { scope: ex.scope } : {}),
      reason: ex.scope !== undefined && !this.library.index.cassette(ex.scope) ? `no cassette named "${ex.scope}"` : decision.reason,
      rules: this.#nearRules(ex),
    });
    this.logger.warn(`MISS ${explanation.message}`);
    this.onMiss?.({ method: ex.stored.method, path: ex.stored.path, ...(ex.scope !== undefined ? { scope: ex.scope } : {}), message: explanation.message });
    const { contentType, body } = ex.provider.errorBody({ status: 404, message: explanation.message, code: 'mockllm_miss' }, ex.view);
    ex.res.setHeader(HEADER_MISS, '1');
    ex.log.outcome = 'miss';
    const plan: ResponsePlan = { status: 404, headers: { 'content-type': contentType, 'x-should-retry': 'false' }, headersAtMs: 0, body };
    await this.#play(ex, plan, operator);
  }

  /** Sends a plan; its offsets scaled by the factor `--timing` gives responses of its origin. */
  async #play(ex: Exchange, plan: ResponsePlan, operator: FrameOperator | undefined, origin: ResponseOrigin = 'mockllm'): Promise<void> {
    const outcome = await play(ex.res, plan, {
      timingFactor: timingFactor(this.options.timing, origin),
      startedAt: ex.startedAt,
      ...(operator ? { operator, isTerminator: (frame, framing) => ex.provider.isTerminator(frame, framing) } : {}),
    });
    ex.log.status = plan.status;
    if (outcome !== 'complete') ex.log.note = outcome;
    if (this.options.logRequests && plan.body && plan.body.length > 0) this.#logBody('response', plan.body);
  }

  /** mockllm's own errors, in the provider's shape and with the adapter's error type for the status. */
  #sendError(res: ServerResponse, to: { provider: ProviderAdapter; view: RequestView }, status: number, message: string, code = 'mockllm_error'): void {
    const { contentType, body } = to.provider.errorBody({ status, message, code }, to.view);
    res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'x-should-retry': 'false' }).end(body);
  }

  #applyCors(req: IncomingMessage, res: ServerResponse): void {
    const allowed = this.options.cors;
    if (!allowed) return;
    const origin = req.headers.origin;
    const list = allowed.split(',').map((s) => s.trim());
    const allow = list.includes('*') ? '*' : origin && list.includes(origin) ? origin : undefined;
    if (!allow) return;
    res.setHeader('access-control-allow-origin', allow);
    if (allow !== '*') res.setHeader('vary', 'Origin');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader('access-control-allow-headers', String(req.headers['access-control-request-headers'] ?? '*'));
    res.setHeader('access-control-expose-headers', 'x-mockllm-cassette, x-mockllm-interaction, x-mockllm-miss, x-mockllm-fault, x-request-id, retry-after, retry-after-ms');
  }

  #logExchange(ex: Exchange): void {
    if (!this.logger.enabled('info')) return;
    // The stored path without making the stored form, which a request matched by its exact bytes has not needed.
    this.#logLine(ex.req, this.scrubber.scrub(ex.view.path), ex.log.status ?? ex.res.statusCode, ex.startedAt, ex.log);
    if (this.options.logRequests && ex.stored.body) this.#logBody('request', encodeBody(ex.stored.body));
  }

  #logLine(req: IncomingMessage, path: string, status: number, startedAt: number, log: Exchange['log']): void {
    if (!this.logger.enabled('info')) return;
    const ms = (performance.now() - startedAt).toFixed(0);
    const parts = [req.method ?? 'GET', path, String(status), log.ref ?? '-', log.outcome ?? '-', `${ms}ms`];
    if (log.fault) parts.push(`fault=${log.fault}`);
    if (log.note) parts.push(log.note);
    this.logger.info(parts.join(' '));
  }

  #logBody(what: 'request' | 'response', body: Buffer): void {
    let text = this.scrubber.scrub(body.toString('utf8'));
    if (this.options.logPretty) {
      try {
        text = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // Not JSON: logged as it is.
      }
    }
    this.logger.info(`  ${what} body: ${text}`);
  }
}

/** For errors before the body is read: the request and its provider as far as method, path and headers tell. */
function beforeBody(req: IncomingMessage, url: URL, path: string): { provider: ProviderAdapter; view: RequestView } {
  const view: RequestView = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, json: undefined };
  return { provider: detectProvider(view), view };
}

export type { AppliedFault };
