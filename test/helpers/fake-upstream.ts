/**
 * A scripted upstream LLM server for record-mode and bench tests: real sockets (node:http
 * on 127.0.0.1, port 0), answers from captures or explicit bytes, with scripted timing,
 * hostile TCP chunking, gzip, broken and hanging connections.
 *
 * ```ts
 * const up = await startFakeUpstream({ routes: [{ capture: 'openai/chat-stream', gapMs: 5, chunking: 'nasty' }] });
 * // …point the proxy at up.url, send a request…
 * const ex = await up.exchange(0);     // the first request and what was sent back
 * await up.close();
 * ```
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { constants as zlibConstants, createGzip, gzipSync } from 'node:zlib';
import type { StreamFraming } from '../../src/cassette/types.js';
import { EventSplitter, framingForContentType } from '../../src/framing/event-splitter.js';
import { type Capture, loadCapture } from './captures.js';

/** A request as the fake upstream received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Path without the query. */
  path: string;
  search: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** performance.now() when the request head arrived. */
  receivedAt: number;
  /** performance.now() when the request body was complete. */
  bodyCompleteAt: number;
}

/** How the fake upstream's side of an exchange ended. */
export type UpstreamOutcome =
  /** Response ended normally. */
  | 'complete'
  /** `breakAfterFrames`: the socket was destroyed on purpose. */
  | 'broken'
  /** The client went away before the response ended. */
  | 'client-closed'
  /** Still hanging when the server was closed. */
  | 'server-closed';

/** One request and what the fake upstream did about it. */
export interface Exchange {
  index: number;
  request: ReceivedRequest;
  /** Index of the route that answered (-1: no route, 404). */
  routeIndex: number;
  status: number;
  /** performance.now() when status + headers were flushed. */
  headersSentAt?: number;
  /** Each body write, in order (with `chunking: 'frame'` one per frame). */
  writes: Buffer[];
  /** performance.now() right after each write was handed to the socket (same indexes as `writes`). */
  sentAt: number[];
  /** All body bytes written (`Buffer.concat(writes)`). */
  readonly sent: Buffer;
  outcome?: UpstreamOutcome;
  /** Resolves when the fake upstream is done with this exchange. */
  finished: Promise<UpstreamOutcome>;
}

export type Chunking =
  /** One write per frame (SSE event / NDJSON line / whole body). */
  | 'frame'
  /** Everything in a single write. */
  | 'whole'
  /** Deterministic hostile re-slicing; see {@link nastySlices}. */
  | 'nasty';

export interface FakeRoute {
  /** Method to match (default: the capture's, else any). */
  method?: string;
  /** Path (without query) to match: exact string or regex (default: the capture's path, else any). */
  path?: string | RegExp;
  /** Extra predicate, evaluated once the whole request body has arrived. */
  match?: (req: ReceivedRequest) => boolean;
  /** Answer with this capture (or capture id): status, headers and body from it. */
  capture?: Capture | string;
  /** Status (overrides the capture's; default 200). */
  status?: number;
  /**
   * Response headers. With a capture they are merged over the capture's headers (a
   * `null`-free way to drop one: pass it with value `''`).
   */
  headers?: Record<string, string | string[]>;
  /** Body bytes (instead of a capture's). Split into frames when the content-type is a stream type. */
  body?: Buffer | string;
  /** Explicit frames, sent in order (instead of a body). */
  frames?: Buffer[];
  /** Pause before status and headers go out. */
  headersDelayMs?: number;
  /** Pause after the headers are flushed, before the first body write. */
  firstDelayMs?: number;
  /**
   * Pause between consecutive writes: a number for all, or a list where entry k is the
   * pause after write k (missing entries = 0). With a gap of 0 the writer still yields to
   * the event loop between writes so they leave as separate TCP segments.
   */
  gapMs?: number | number[];
  chunking?: Chunking;
  /**
   * Send `content-encoding: gzip`. With a capture that kept its wire bytes (`wireGzip`)
   * and a single-body response, those exact bytes are sent; otherwise the payload is
   * gzipped here — a stream frame by frame with a sync flush after each, so every frame
   * is decodable as soon as it arrives, like a real compressing server.
   */
  gzip?: boolean;
  /**
   * Destroy the socket once the first N frames are out (0 = right after the headers).
   * Counted in frames whatever the chunking: with `nasty` the write that crosses the
   * boundary is cut at it, so the client has received exactly N whole frames.
   */
  breakAfterFrames?: number;
  /** After the last write, wait this long before ending the response (`Infinity`: until the client or `close()`). */
  hangMs?: number;
  /** Serve at most this many requests, then stop matching (lets several routes script a sequence). */
  times?: number;
}

export interface FakeUpstreamOptions {
  routes: FakeRoute[];
}

export interface FakeUpstream {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Received requests, in arrival order. */
  readonly requests: ReceivedRequest[];
  /** Per request (same index as `requests`): write timestamps, see {@link Exchange.sentAt}. */
  readonly sentAt: number[][];
  readonly exchanges: Exchange[];
  /** Waits for request `index` to arrive and its exchange to finish. */
  exchange(index: number, timeoutMs?: number): Promise<Exchange>;
  /** Replace the route table (counts of `times` restart). */
  setRoutes(routes: FakeRoute[]): void;
  /** Stops listening and destroys every open connection (hanging responses included). */
  close(): Promise<void>;
}

/** Headers a scripted response never copies from a capture: they describe the original transfer. */
const TRANSFER_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-encoding', 'connection', 'keep-alive']);

interface ResolvedResponse {
  status: number;
  statusText?: string;
  headers: Record<string, string | string[]>;
  /** Frames as they would be on the wire (already gzipped if `gzip`). */
  frames: Buffer[];
  /** Single body (not a stream): sent with a content-length. */
  single: boolean;
}

/** Splits a stream body into its frames; a trailing incomplete frame is kept as a last frame. */
export function splitFrames(body: Buffer, framing: StreamFraming): Buffer[] {
  const splitter = new EventSplitter(framing);
  const frames = splitter.push(body);
  const tail = splitter.end();
  return tail ? [...frames, tail] : frames;
}

/**
 * Hostile but deterministic re-slicing of frames into writes, to prove a reader does not
 * depend on TCP chunk boundaries. Repeating over frames with a period of 4:
 * - frame 4k:   cut in the middle of its first line (`data: {"i|d":…`), and at its end;
 * - frame 4k+1: cut just before its last byte (between the two LFs of `\n\n`, or between
 *               CR and LF of a CRLF terminator), so the next write starts with that byte;
 * - frames 4k+2 and 4k+3: no cut between them — two whole events packed into one write;
 * - everywhere: a cut before every UTF-8 continuation byte, so every multi-byte character
 *   is split across writes.
 * Concatenating the result always gives back the input bytes.
 */
export function nastySlices(frames: readonly Buffer[]): Buffer[] {
  const all = Buffer.concat(frames);
  const cuts = new Set<number>();
  let offset = 0;
  frames.forEach((f, i) => {
    const end = offset + f.length;
    switch (i % 4) {
      case 0: {
        const lf = f.indexOf(0x0a);
        const firstLine = lf === -1 ? f.length : lf;
        const mid = firstLine >= 2 ? Math.floor(firstLine / 2) : Math.floor(f.length / 2);
        cuts.add(offset + mid);
        cuts.add(end);
        break;
      }
      case 1:
        cuts.add(end - 1);
        break;
      case 2:
        break;
      case 3:
        cuts.add(end);
        break;
    }
    offset = end;
  });
  for (let p = 1; p < all.length; p++) if ((all[p]! & 0xc0) === 0x80) cuts.add(p);
  const sorted = [...cuts].filter((c) => c > 0 && c < all.length).sort((a, b) => a - b);
  const out: Buffer[] = [];
  let start = 0;
  for (const c of sorted) {
    out.push(all.subarray(start, c));
    start = c;
  }
  if (start < all.length || out.length === 0) out.push(all.subarray(start));
  return out;
}

/** Gzips a stream frame by frame (sync flush after each); the gzip trailer rides on the last frame. */
async function gzipFrames(frames: readonly Buffer[]): Promise<Buffer[]> {
  const gz = createGzip();
  const pending: Buffer[] = [];
  gz.on('data', (d: Buffer) => pending.push(d));
  const take = () => Buffer.concat(pending.splice(0));
  const out: Buffer[] = [];
  for (const f of frames) {
    gz.write(f);
    await new Promise<void>((resolve) => gz.flush(zlibConstants.Z_SYNC_FLUSH, () => resolve()));
    out.push(take());
  }
  await new Promise<void>((resolve) => gz.end(() => resolve()));
  await new Promise<void>((resolve) => (gz.readableEnded ? resolve() : gz.once('end', () => resolve())));
  const trailer = take();
  if (out.length === 0) out.push(trailer);
  else out[out.length - 1] = Buffer.concat([out[out.length - 1]!, trailer]);
  return out;
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

async function resolveResponse(route: FakeRoute): Promise<ResolvedResponse> {
  const capture = typeof route.capture === 'string' ? loadCapture(route.capture) : route.capture;
  const headers: Record<string, string | string[]> = {};
  if (capture) for (const [k, v] of Object.entries(capture.responseHeaders)) if (!TRANSFER_HEADERS.has(k)) headers[k] = v;
  for (const [k, v] of Object.entries(route.headers ?? {})) {
    const lower = k.toLowerCase();
    if (v === '') delete headers[lower];
    else headers[lower] = v;
  }
  const status = route.status ?? capture?.status ?? 200;
  const framing = framingForContentType(headerString(headers['content-type']));
  // A stream only when 2xx: Gemini's stream errors are a bare JSON body under text/event-stream.
  const streamed = framing !== undefined && status >= 200 && status < 300;

  let frames: Buffer[];
  let single: boolean;
  if (route.frames) {
    frames = route.frames;
    single = false;
  } else {
    const body = route.body !== undefined ? Buffer.from(route.body) : (capture?.body ?? Buffer.alloc(0));
    single = !streamed;
    frames = streamed ? splitFrames(body, framing) : [body];
  }

  if (route.gzip) {
    headers['content-encoding'] = 'gzip';
    const wire = capture?.wireGzip;
    if (single && wire && route.body === undefined) frames = [wire];
    else if (single) frames = [gzipSync(frames[0]!)];
    else frames = await gzipFrames(frames);
  }
  const resolved: ResolvedResponse = { status, headers, frames, single };
  const statusText = capture?.meta.response.status_text;
  if (statusText !== undefined && route.status === undefined) resolved.statusText = statusText;
  return resolved;
}

function routeMatches(route: FakeRoute, req: ReceivedRequest): boolean {
  const capture = typeof route.capture === 'string' ? loadCapture(route.capture) : route.capture;
  const method = route.method ?? capture?.request.method;
  if (method !== undefined && method.toUpperCase() !== req.method.toUpperCase()) return false;
  const path = route.path ?? capture?.request.path;
  if (typeof path === 'string' && path !== req.path) return false;
  if (path instanceof RegExp && !path.test(req.path)) return false;
  return route.match ? route.match(req) : true;
}

/** The byte slices to write, in order (never an empty one: it would not reach the peer as data). */
function planWrites(frames: readonly Buffer[], chunking: Chunking): Buffer[] {
  const writes = chunking === 'whole' ? [Buffer.concat(frames)] : chunking === 'nasty' ? nastySlices(frames) : frames;
  return writes.filter((w) => w.length > 0);
}

/** Cuts the writes so they carry exactly the first `n` frames' bytes. */
function truncateWrites(writes: Buffer[], frames: readonly Buffer[], n: number): Buffer[] {
  let budget = frames.slice(0, n).reduce((sum, f) => sum + f.length, 0);
  const out: Buffer[] = [];
  for (const w of writes) {
    if (budget <= 0) break;
    out.push(w.length <= budget ? w : w.subarray(0, budget));
    budget -= w.length;
  }
  return out;
}

/** Starts a fake upstream on 127.0.0.1 and an OS-assigned port. */
export async function startFakeUpstream(options: FakeUpstreamOptions): Promise<FakeUpstream> {
  let routes = resolveCaptureIds(options.routes);
  let served = new Map<number, number>();
  const requests: ReceivedRequest[] = [];
  const exchanges: Exchange[] = [];
  const sockets = new Set<Socket>();
  const waiters: Array<() => void> = [];
  /** Aborted by close(): wakes every pending sleep / hang. */
  const shutdown = new AbortController();

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      return; // the client went away mid-request: nothing to answer
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const received: ReceivedRequest = {
      method: req.method ?? 'GET',
      url,
      path: q === -1 ? url : url.slice(0, q),
      search: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
      headers: req.headers,
      body: Buffer.concat(chunks),
      receivedAt,
      bodyCompleteAt: performance.now(),
    };
    const routeIndex = routes.findIndex((r, i) => (r.times === undefined || (served.get(i) ?? 0) < r.times) && routeMatches(r, received));
    if (routeIndex !== -1) served.set(routeIndex, (served.get(routeIndex) ?? 0) + 1);

    let settle!: (o: UpstreamOutcome) => void;
    const writes: Buffer[] = [];
    const exchange: Exchange = {
      index: exchanges.length,
      request: received,
      routeIndex,
      status: 404,
      writes,
      sentAt: [],
      get sent() {
        return Buffer.concat(writes);
      },
      finished: new Promise<UpstreamOutcome>((resolve) => (settle = resolve)),
    };
    requests.push(received);
    exchanges.push(exchange);
    for (const w of waiters.splice(0)) w();

    const outcome = await respond(routeIndex === -1 ? undefined : routes[routeIndex]!, received, res, exchange).catch((): UpstreamOutcome => {
      res.destroy();
      return res.writableEnded ? 'complete' : 'client-closed';
    });
    exchange.outcome = outcome;
    settle(outcome);
  }

  async function respond(route: FakeRoute | undefined, req: ReceivedRequest, res: ServerResponse, ex: Exchange): Promise<UpstreamOutcome> {
    let clientGone = false;
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) clientGone = true;
      gone.abort();
    });
    const signal = AbortSignal.any([gone.signal, shutdown.signal]);
    const stopped = (): UpstreamOutcome | undefined => (shutdown.signal.aborted ? 'server-closed' : clientGone ? 'client-closed' : undefined);

    if (!route) {
      const body = Buffer.from(
        JSON.stringify({ error: { message: `fake-upstream: no route for ${req.method} ${req.url}`, type: 'not_found' } }),
      );
      ex.status = 404;
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': body.length });
      ex.headersSentAt = performance.now();
      ex.writes.push(body);
      res.end(body);
      ex.sentAt.push(performance.now());
      return 'complete';
    }

    const plan = await resolveResponse(route);
    ex.status = plan.status;
    if (route.headersDelayMs) await sleep(route.headersDelayMs, signal);
    if (stopped()) return stopped()!;

    res.statusCode = plan.status;
    if (plan.statusText !== undefined) res.statusMessage = plan.statusText;
    for (const [k, v] of Object.entries(plan.headers)) res.setHeader(k, v);
    const total = plan.frames.reduce((sum, f) => sum + f.length, 0);
    if (plan.single) res.setHeader('content-length', total);
    // Every write must leave as soon as it is made, not be merged by Nagle.
    res.socket?.setNoDelay(true);
    res.flushHeaders();
    ex.headersSentAt = performance.now();

    let writes = planWrites(plan.frames, route.chunking ?? 'frame');
    const breaking = route.breakAfterFrames !== undefined;
    if (breaking) writes = truncateWrites(writes, plan.frames, route.breakAfterFrames!);

    if (route.firstDelayMs) await sleep(route.firstDelayMs, signal);
    for (let k = 0; k < writes.length; k++) {
      if (stopped()) return stopped()!;
      if (k > 0) {
        const gap = gapAfter(route.gapMs, k - 1);
        // Even with no scripted gap, yield to the event loop so consecutive writes are
        // not merged into one segment before the peer can read them.
        if (gap > 0) await sleep(gap, signal);
        else await new Promise<void>((resolve) => setImmediate(resolve));
        if (stopped()) return stopped()!;
      }
      const w = writes[k]!;
      ex.writes.push(w);
      await writeAndFlush(res, w);
      ex.sentAt.push(performance.now());
    }
    if (stopped()) return stopped()!;

    if (breaking) {
      // Let the peer read what was written before the connection goes: a FIN after the
      // data (not an RST, which may discard data still unread at the peer).
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
      res.socket?.destroy();
      return 'broken';
    }
    if (route.hangMs !== undefined && route.hangMs > 0) {
      await sleep(route.hangMs, signal);
      if (stopped()) return stopped()!;
    }
    await endAndFlush(res);
    return 'complete';
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    exchanges,
    get sentAt() {
      return exchanges.map((e) => e.sentAt);
    },
    async exchange(index: number, timeoutMs = 10_000): Promise<Exchange> {
      const deadline = performance.now() + timeoutMs;
      while (exchanges.length <= index) {
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`fake-upstream: request #${index} did not arrive within ${timeoutMs} ms (got ${exchanges.length})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      const ex = exchanges[index]!;
      await ex.finished;
      return ex;
    },
    setRoutes(next: FakeRoute[]): void {
      routes = resolveCaptureIds(next);
      served = new Map();
    },
    async close(): Promise<void> {
      shutdown.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      await Promise.all(exchanges.map((e) => e.finished));
    },
  };
}

/** Loads capture ids up front, so a typo fails in the test that wrote it, not inside a request handler. */
function resolveCaptureIds(routes: FakeRoute[]): FakeRoute[] {
  return routes.map((r) => (typeof r.capture === 'string' ? { ...r, capture: loadCapture(r.capture) } : r));
}

function gapAfter(gap: number | number[] | undefined, k: number): number {
  if (gap === undefined) return 0;
  if (typeof gap === 'number') return gap;
  return gap[k] ?? 0;
}

/** Resolves once the bytes are handed to the OS (or the response is gone). */
function writeAndFlush(res: ServerResponse, bytes: Buffer): Promise<void> {
  return untilSentOrClosed(res, (sent) => res.write(bytes, sent));
}

/**
 * Ends the response; resolves once it is finished or the client is gone. `end`'s own
 * callback waits for 'finish' alone, which never comes when the peer vanishes (a recorder
 * killed with SIGKILL mid-response): close() would then wait forever.
 */
function endAndFlush(res: ServerResponse): Promise<void> {
  return untilSentOrClosed(res, (sent) => res.end(sent));
}

function untilSentOrClosed(res: ServerResponse, send: (sent: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      res.off('close', finish);
      resolve();
    };
    res.once('close', finish);
    send(finish);
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done() {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One route per capture, each matching its capture's method and path (and, when paths repeat, its request body). */
export function captureRoutes(captures: readonly Capture[], extra: Omit<FakeRoute, 'capture'> = {}): FakeRoute[] {
  return captures.map((c) => {
    const samePath = captures.filter((o) => o.request.method === c.request.method && o.request.path === c.request.path);
    const route: FakeRoute = { ...extra, capture: c };
    if (samePath.length > 1 && !extra.match) route.match = (req) => sameJson(req.body, c.request.body);
    return route;
  });
}

/** JSON equality of two request bodies (key order ignored), byte equality otherwise. */
function sameJson(a: Buffer, b: Buffer): boolean {
  try {
    return canonical(JSON.parse(a.toString('utf8'))) === canonical(JSON.parse(b.toString('utf8')));
  } catch {
    return a.equals(b);
  }
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
