import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { StreamEnding } from '../cassette/types.js';
import { play, type FrameOperator } from '../replay/player.js';
import type { Exchange, Forwarder } from '../server/exchange.js';
import type { MockllmServer } from '../server/mockllm-server.js';
import { clientResponseHeaders, upstreamRequestHeaders } from '../upstream/forward-headers.js';
import { UpstreamClient, type UpstreamResponse } from '../upstream/upstream-client.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import { upstreamOriginLabel, upstreamUrl } from '../upstream/upstream-url.js';
import { createRelay } from './client-relay.js';
import { recordedInteraction } from './interaction-builder.js';
import { RecordingSession, type SessionSlot } from './recording-session.js';
import { ResponseTap } from './response-tap.js';

export interface ForwarderOptions {
  /** Transport toward the upstream (tests: a custom CA). Default: a keep-alive undici Agent. */
  dispatcher?: Dispatcher;
  /**
   * On close, how long exchanges still reading their upstream may take to finish (and be
   * recorded) before they are aborted and dropped. Default 1000 ms.
   */
  closeGraceMs?: number;
}

const DEFAULT_CLOSE_GRACE_MS = 1000;
const NO_FRAMES: readonly Buffer[] = [];

/** Builds the record-mode forwarder of a server (wired by api/server-extensions.ts). */
export function createForwarder(server: MockllmServer, options: ForwarderOptions = {}): Forwarder {
  return new RecordForwarder(server, options);
}

/**
 * Record mode's forward step: send the request upstream, relay the answer to the client
 * as it arrives, and record it. The client sees the upstream's pacing (or a fault
 * operator's reshaping of it); the cassette gets what the upstream sent. The upstream is
 * read to the end even when the client leaves, so the recording is always complete.
 */
class RecordForwarder implements Forwarder {
  readonly #server: MockllmServer;
  readonly #upstream: URL;
  readonly #client: UpstreamClient;
  readonly #session: RecordingSession;
  readonly #closeGraceMs: number;
  readonly #inflight = new Set<Promise<void>>();
  /** Aborts upstream exchanges still running when the grace period at close runs out. */
  readonly #abort = new AbortController();

  constructor(server: MockllmServer, options: ForwarderOptions) {
    this.#server = server;
    const { options: o } = server;
    // Options were validated at the boundary: record mode always has an http(s) upstream.
    this.#upstream = new URL(o.upstream!);
    this.#client = new UpstreamClient({ timeoutMs: o.upstreamTimeoutMs, ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) });
    this.#closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    // One shutdown signal shared by every upstream request, however many are in flight.
    setMaxListeners(0, this.#abort.signal);
    this.#session = new RecordingSession({
      library: server.library,
      stats: server.stats,
      scrubber: server.scrubber,
      keyOptions: server.keyOptions,
      logger: server.logger,
      mode: o.recordMode,
      upstreamOrigin: upstreamOriginLabel(this.#upstream),
    });
  }

  forward(ex: Exchange, operator?: FrameOperator): Promise<void> {
    // Reserved synchronously, in request-start order: the cassette order does not depend
    // on which response finishes first.
    const slot = this.#session.reserve(ex.scope ?? 'default', ex.id, ex.key);
    const run = this.#exchange(ex, operator, slot);
    this.#inflight.add(run);
    void run.finally(() => this.#inflight.delete(run)).catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    if (this.#inflight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#closeGraceMs)));
      await Promise.race([Promise.allSettled([...this.#inflight]), grace]);
      clearTimeout(timer);
      if (this.#inflight.size > 0) {
        this.#server.logger.warn(`mockllm: ${this.#inflight.size} upstream exchange(s) still running at shutdown were aborted and not recorded`);
        this.#abort.abort();
        await Promise.allSettled([...this.#inflight]);
      }
    }
    await this.#session.close();
    await this.#client.close();
  }

  async #exchange(ex: Exchange, operator: FrameOperator | undefined, slot: SessionSlot): Promise<void> {
    const url = upstreamUrl(this.#upstream, ex.view.path, ex.view.query);
    // Forward a body exactly when the client sent one (an empty POST keeps `content-length: 0`).
    const sentBody = ex.rawBody.length > 0 || ex.req.headers['content-length'] !== undefined || ex.req.headers['transfer-encoding'] !== undefined;
    let upstream: UpstreamResponse;
    try {
      upstream = await this.#client.send({
        url,
        method: ex.view.method,
        headers: upstreamRequestHeaders(ex.req.headers, url.host),
        body: sentBody ? ex.rawBody : undefined,
        signal: this.#abort.signal,
      });
    } catch (e) {
      this.#session.fail(slot);
      if (!(e instanceof UpstreamError)) throw e;
      await this.#upstreamFailed(ex, e, operator);
      return;
    }
    await this.#relayAndRecord(ex, operator, slot, upstream);
  }

  async #relayAndRecord(ex: Exchange, operator: FrameOperator | undefined, slot: SessionSlot, upstream: UpstreamResponse): Promise<void> {
    const tap = new ResponseTap(ex.startedAt);
    tap.head(upstream.status, upstream.headers);
    const relay = createRelay(ex.res, { ...(operator ? { operator } : {}), isTerminator: (f, framing) => ex.provider.isTerminator(f, framing) });
    relay.head({
      status: upstream.status,
      statusText: upstream.statusText,
      headers: clientResponseHeaders(upstream.headers, upstream.decoding.kind === 'decode'),
      framing: tap.framing,
    });

    const ending = await new Promise<StreamEnding>((resolve) => {
      const body = upstream.body;
      body.on('data', (chunk: Buffer) => {
        if (relay.needsFrames) relay.chunk(chunk, tap.chunk(chunk));
        else {
          // Nothing to reshape: the bytes go to the client first, the tap's bookkeeping after.
          relay.chunk(chunk, NO_FRAMES);
          tap.chunk(chunk);
        }
      });
      body.once('end', () => resolve('complete'));
      body.once('error', () => resolve('reset'));
      // Destroyed without an error (aborted at shutdown): a cut, not an end.
      body.once('close', () => resolve(body.readableEnded ? 'complete' : 'reset'));
    });
    const tapped = tap.finish(ending);
    relay.end(ending, tapped.tail);

    const skip = this.#whyNotRecorded(ending, tapped.framing !== undefined, upstream);
    if (skip) {
      this.#session.fail(slot);
      ex.log.note = skip;
      this.#server.logger.warn(`mockllm: ${ex.stored.method} ${ex.stored.path}: ${skip}`);
    } else {
      const scrubber = this.#server.scrubber;
      this.#session.complete(slot, () => recordedInteraction(ex.stored, ex.key, tapped, scrubber));
      if (ending === 'reset') ex.log.note = 'upstream broke the stream off (recorded as reset)';
    }
    await relay.done;
  }

  #whyNotRecorded(ending: StreamEnding, streamed: boolean, upstream: UpstreamResponse): string | undefined {
    if (this.#abort.signal.aborted) return 'aborted at shutdown; not recorded';
    if (upstream.decoding.kind === 'unsupported')
      return `upstream answered with content-encoding ${upstream.decoding.encoding}, which mockllm cannot decode; passed through, not recorded`;
    // A cassette can hold a cut stream (ending: reset) but not half a body.
    if (ending === 'reset' && !streamed) return 'upstream broke the response body off; not recorded';
    return undefined;
  }

  /** 502/504 in the provider's error shape; the fault operator (if any) still shapes it. */
  async #upstreamFailed(ex: Exchange, e: UpstreamError, operator: FrameOperator | undefined): Promise<void> {
    this.#server.logger.warn(e.message);
    ex.log.outcome = 'error';
    ex.log.note = `upstream ${e.reason}`;
    const { contentType, body } = ex.provider.errorBody({ status: e.status, message: e.message, code: 'mockllm_upstream_error' }, ex.view);
    await play(
      ex.res,
      { status: e.status, headers: { 'content-type': contentType, 'x-should-retry': 'false' }, headersAtMs: 0, body },
      { timingFactor: 0, startedAt: performance.now(), ...(operator ? { operator } : {}) },
    );
  }
}
