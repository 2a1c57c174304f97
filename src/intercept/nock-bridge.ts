import type { IncomingHttpHeaders } from 'node:http';
import type { ReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { syncBuiltinESMExports } from 'node:module';
import type nockType from 'nock';
import { InMemoryRequest } from './in-memory-request.js';
import { InMemoryResponse } from './in-memory-response.js';

type Nock = typeof nockType;
type NockInterceptor = ReturnType<ReturnType<Nock>['intercept']>;

/** Serves one intercepted request; resolves when the response is over. */
export type InterceptedHandler = (req: InMemoryRequest, res: InMemoryResponse) => Promise<void>;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
 * The scope's own base path. Hosts are chosen by `filteringScope`; this RegExp has to match
 * its own `String()` form (nock re-checks a filtered request against it, so no escapes in
 * it) and no real origin.
 */
const SCOPE_SENTINEL = /mockllm-intercept-scope/;

/**
 * The link between nock and the server pipeline: one persistent nock interceptor per
 * method, on every host the filter accepts, whose reply turns nock's request into an
 * {@link InMemoryRequest}, runs the handler, and answers with the response's head once it
 * is committed and its body as a stream (so stream chunks reach the client one by one, at
 * the pipeline's pace).
 *
 * nock is imported on first use, not at module load: importing nock patches `http` and
 * `fetch` for the whole process.
 */
export class NockBridge {
  readonly #nock: Nock;
  readonly #interceptors: NockInterceptor[] = [];
  /** Responses being written, each with a promise that settles once its client knows how it ended. */
  readonly #inFlight = new Map<InMemoryResponse, Promise<void>>();
  readonly #handlers = new Set<Promise<void>>();
  #removed = false;

  private constructor(nock: Nock) {
    this.#nock = nock;
  }

  static async install(filter: (origin: string) => boolean, handler: InterceptedHandler): Promise<NockBridge> {
    const nock = ((await import('nock')) as unknown as { default: Nock }).default;
    if (!nock.isActive()) nock.activate();
    // nock patches `http.request`/`get` on the CommonJS module object; this carries the
    // patch to ESM bindings too (`import { request } from 'node:http'`).
    syncBuiltinESMExports();
    const bridge = new NockBridge(nock);
    bridge.#register(filter, handler);
    return bridge;
  }

  /**
   * Removes the interceptors and cuts every response still in flight (a hanging or slow
   * stream: its client sees a connection reset, its timers are released). nock itself is
   * deactivated when no other nock interceptors remain, so `http` and `fetch` are the
   * originals again and later requests reach the network.
   */
  async remove(): Promise<void> {
    if (this.#removed) return;
    this.#removed = true;
    for (const ic of this.#interceptors) this.#nock.removeInterceptor(ic);
    const delivered = [...this.#inFlight.values()];
    for (const res of this.#inFlight.keys()) res.destroy();
    await Promise.allSettled([...this.#handlers, ...delivered]);
    // A reset before the head reaches a fetch client through nock's listener on the
    // interceptor: let it finish before that listener goes away.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#nock.activeMocks().length === 0 && this.#nock.pendingMocks().length === 0) {
      this.#nock.cleanAll();
      this.#nock.abortPendingRequests();
      if (this.#nock.isActive()) this.#nock.restore();
      syncBuiltinESMExports();
    }
  }

  #register(filter: (origin: string) => boolean, handler: InterceptedHandler): void {
    const scope = this.#nock(SCOPE_SENTINEL, { filteringScope: filter }).persist();
    // nock hands the reply function a parsed body; the exact bytes come with this event,
    // emitted synchronously just before the reply function runs.
    const bodies = new WeakMap<object, string>();
    scope.on('request', (req: object, _interceptor: unknown, body: string) => bodies.set(req, body));
    const bridge = this;
    for (const method of METHODS) {
      const ic = scope.intercept(() => true, method);
      ic.reply(function (uri: string) {
        // Read `this.req` before any await: nock sets it on the shared interceptor right
        // before calling, and the next request overwrites it.
        const nockReq = this.req;
        return bridge.#answer(nockReq, uri, bodies.get(nockReq) ?? '', handler);
      });
      this.#interceptors.push(ic);
    }
  }

  async #answer(
    nockReq: NodeJS.EventEmitter & { method?: string; getHeaders(): Record<string, unknown> },
    uri: string,
    bodyString: string,
    handler: InterceptedHandler,
  ): Promise<[number, ReadStream, string[]]> {
    const req = new InMemoryRequest({ method: nockReq.method ?? 'GET', url: uri, headers: incomingHeaders(nockReq.getHeaders()), body: nockBody(bodyString) });
    const res = new InMemoryResponse(req);
    // Settles when the client has its answer: the body stream closed (ended, cut, or the
    // client left), or nock's request closed (a reset before the head destroys it).
    const delivered = new Promise<void>((resolve) => {
      res.body.once('close', resolve);
      nockReq.once('close', resolve);
    });
    this.#inFlight.set(res, delivered);
    res.once('close', () => this.#inFlight.delete(res));
    // nock's request closes when the client aborts or cancels the body.
    nockReq.once('close', () => res.abandon());
    if (this.#removed) res.destroy();
    const done = handler(req, res).catch(() => {
      res.destroy();
    });
    this.#handlers.add(done);
    void done.finally(() => this.#handlers.delete(done));
    const head = await res.head;
    return [head.status, res.body as unknown as ReadStream, head.rawHeaders];
  }
}

/** nock's request headers (numbers, arrays) as a server's `req.headers` has them. */
function incomingHeaders(raw: Record<string, unknown>): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (Array.isArray(value)) out[lower] = lower === 'set-cookie' ? value.map(String) : value.map(String).join(', ');
    else out[lower] = String(value);
  }
  return out;
}

/**
 * nock passes a body as UTF-8 text when its bytes are valid UTF-8, else as hex. A hex
 * string whose bytes are not UTF-8 can only have come from a binary body; anything else
 * is the text itself.
 */
export function nockBody(s: string): Buffer {
  if (s.length > 0 && s.length % 2 === 0 && /^[0-9a-f]+$/.test(s)) {
    const bytes = Buffer.from(s, 'hex');
    if (!isUtf8(bytes)) return bytes;
  }
  return Buffer.from(s, 'utf8');
}
