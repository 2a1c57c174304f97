import type { IncomingHttpHeaders } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { decodingFor, type Decoding } from './content-decoding.js';
import { UpstreamError } from './upstream-error.js';

export interface UpstreamRequest {
  url: URL;
  method: string;
  headers: Record<string, string | string[]>;
  /** undefined = no body (GET/HEAD); an empty Buffer = an empty body (`content-length: 0`). */
  body: Buffer | undefined;
  signal?: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /**
   * The content bytes as they arrive (already decoded when the upstream compressed them).
   * Emits `data` per chunk, then `end` — or `error` when the upstream broke off.
   */
  body: Readable;
  decoding: Decoding;
}

export interface UpstreamClientOptions {
  /** Connect, headers and idle-body timeout (ms). Long streams are fine: it is an idle limit, not a total. */
  timeoutMs: number;
  /** Injected transport (tests: a custom CA; embedding: a proxy agent). Default: a keep-alive undici Agent. */
  dispatcher?: Dispatcher;
}

/** Connect attempts give up sooner than a slow first token: an unreachable host should fail fast. */
const MAX_CONNECT_TIMEOUT_MS = 30_000;

/**
 * undici is loaded when a client is created, not when this module is: every server wires
 * the record layer, and replay (the common case, in CI) should not pay ~150 ms of
 * start-up for a transport it never uses.
 */
type Undici = typeof import('undici');
let undici: Promise<Undici> | undefined;
function loadUndici(): Promise<Undici> {
  return (undici ??= import('undici'));
}

/**
 * The one way mockllm talks to an upstream: undici, no redirects followed (a 3xx is
 * recorded like any other answer), timeouts from `--upstream-timeout-ms`. Failures before
 * the response head become an {@link UpstreamError} (502/504).
 */
export class UpstreamClient {
  readonly #dispatcher: Promise<Dispatcher>;
  readonly #owned: boolean;
  readonly #timeoutMs: number;

  constructor(options: UpstreamClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#owned = options.dispatcher === undefined;
    const t = options.timeoutMs;
    this.#dispatcher = options.dispatcher
      ? Promise.resolve(options.dispatcher)
      : loadUndici().then(({ Agent }) => new Agent({ headersTimeout: t, bodyTimeout: t, connectTimeout: Math.min(t, MAX_CONNECT_TIMEOUT_MS) }));
  }

  async send(req: UpstreamRequest): Promise<UpstreamResponse> {
    const [{ request }, dispatcher] = await Promise.all([loadUndici(), this.#dispatcher]);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body ?? null,
        dispatcher,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
        ...(req.signal ? { signal: req.signal } : {}),
      });
    } catch (e) {
      throw new UpstreamError(req.url.origin, e, this.#timeoutMs);
    }
    const decoding = decodingFor(res.headers['content-encoding']);
    let body: Readable = res.body;
    if (decoding.kind === 'decode') {
      const chain = decoding.create();
      // pipeline() forwards an upstream break (or corrupt compressed data) as an error on
      // the last decoder, where the reader listens; the callback only keeps it from throwing.
      pipeline([res.body, ...chain], () => {});
      body = chain[chain.length - 1]!;
    }
    return { status: res.statusCode, statusText: res.statusText, headers: res.headers, body, decoding };
  }

  /** Closes pooled connections (only those of a dispatcher this client created). */
  async close(): Promise<void> {
    if (this.#owned) await (await this.#dispatcher).close();
  }
}
