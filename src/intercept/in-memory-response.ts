import type { OutgoingHttpHeader, OutgoingHttpHeaders } from 'node:http';
import { Readable, Writable } from 'node:stream';
import type { InMemoryRequest } from './in-memory-request.js';

/** Status and headers of a response, known once the pipeline commits them. */
export interface ResponseHead {
  status: number;
  /** Flat `[name, value, name, value…]`, a header with several values repeated. */
  rawHeaders: string[];
}

/**
 * A `ServerResponse` look-alike whose bytes go to an in-process client instead of a
 * socket. The head (status + headers) is committed exactly when a real response would
 * send it — `writeHead`, `flushHeaders`, the first `write` or `end` — and resolves
 * {@link head}; every body write becomes one chunk of {@link body}, so stream events keep
 * their boundaries and their timing.
 *
 * `destroy()` is a connection reset: before the head, `head` rejects; after it, the body
 * stream errors, which clients see as a broken connection. {@link abandon} is the other
 * direction: the client went away, so the response stops quietly (emitting `close`, as a
 * real one does when its socket closes).
 */
export class InMemoryResponse extends Writable {
  statusCode = 200;
  statusMessage = '';
  readonly req: InMemoryRequest;
  /** No socket behind this response (the player's `socket?.setNoDelay` is skipped). */
  readonly socket = null;
  readonly head: Promise<ResponseHead>;
  readonly body: Readable;
  /** Lower-case name → [name as set, value]. */
  readonly #headers = new Map<string, [string, OutgoingHttpHeader]>();
  #committed = false;
  #ended = false;
  #abandoned = false;
  #resolveHead!: (head: ResponseHead) => void;
  #rejectHead!: (e: Error) => void;
  /** A write waiting for the consumer to read (back-pressure). */
  #pendingWrite: (() => void) | undefined;

  constructor(req: InMemoryRequest) {
    super();
    this.req = req;
    this.head = new Promise<ResponseHead>((resolve, reject) => {
      this.#resolveHead = resolve;
      this.#rejectHead = reject;
    });
    // Whoever awaits `head` sees a rejection; nobody awaiting (a client that left) is fine.
    this.head.catch(() => {});
    this.body = new Readable({
      read: () => {
        const release = this.#pendingWrite;
        this.#pendingWrite = undefined;
        release?.();
      },
    });
    this.body.on('error', () => {
      // The reset is for the client to see; the response itself is done either way.
    });
  }

  get headersSent(): boolean {
    return this.#committed;
  }

  get finished(): boolean {
    return this.writableEnded;
  }

  /** True when the client went away before the response ended. */
  get abandoned(): boolean {
    return this.#abandoned;
  }

  setHeader(name: string, value: OutgoingHttpHeader): this {
    this.#assertNotCommitted('set');
    this.#headers.set(name.toLowerCase(), [name, value]);
    return this;
  }

  getHeader(name: string): OutgoingHttpHeader | undefined {
    return this.#headers.get(name.toLowerCase())?.[1];
  }

  getHeaders(): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (const [lower, [, value]] of this.#headers) out[lower] = value;
    return out;
  }

  getHeaderNames(): string[] {
    return [...this.#headers.keys()];
  }

  hasHeader(name: string): boolean {
    return this.#headers.has(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.#assertNotCommitted('remove');
    this.#headers.delete(name.toLowerCase());
  }

  writeHead(status: number, reasonOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], maybeHeaders?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this {
    this.#assertNotCommitted('write');
    const headers = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
    if (typeof reasonOrHeaders === 'string') this.statusMessage = reasonOrHeaders;
    this.statusCode = status;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) this.setHeader(String(headers[i]), headers[i + 1] as OutgoingHttpHeader);
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) this.setHeader(name, value);
    }
    this.#commit();
    return this;
  }

  flushHeaders(): void {
    this.#commit();
  }

  /** Socket timeouts do not apply in-process. */
  setTimeout(_ms: number, _callback?: () => void): this {
    return this;
  }

  addTrailers(_headers: OutgoingHttpHeaders): void {
    // Trailers have no place in a fetch Response; dropped like a client that ignores them.
  }

  writeContinue(): void {}
  writeProcessing(): void {}
  writeEarlyHints(): void {}

  /** The client went away: stop quietly, as a response whose socket closed. */
  abandon(): void {
    if (this.#abandoned || this.writableFinished) return;
    this.#abandoned = true;
    this.destroy();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#commit();
    if (this.body.push(chunk)) callback();
    else this.#pendingWrite = () => callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#commit();
    this.#ended = true;
    this.body.push(null);
    callback();
  }

  override _destroy(_error: Error | null, callback: (error?: Error | null) => void): void {
    const reset = connectionReset();
    if (!this.#committed) {
      this.#committed = true;
      this.#rejectHead(reset);
    } else if (this.#abandoned) {
      this.body.destroy();
    } else if (!this.#ended) {
      // (After a normal end, autoDestroy lands here too: the body is left to its reader.)
      this.#breakBodyAfterDelivery(reset);
    }
    const release = this.#pendingWrite;
    this.#pendingWrite = undefined;
    release?.();
    // Like ServerResponse.destroy(err): the connection goes, the response emits only 'close'.
    callback(null);
  }

  /**
   * A reset after some writes: the client must first get what was written (destroying a
   * Readable drops its buffer), and the error must not fire before the client reads (its
   * listener comes with the first read), so it waits until the body flows and is drained —
   * and then one more turn of the event loop, so a client reading as the data comes has
   * taken the last chunk before the error (as with a socket, whatever it has not read by
   * then is lost).
   */
  #breakBodyAfterDelivery(reset: Error): void {
    const body = this.body;
    const attempt = () => {
      if (body.destroyed) return;
      if (body.readableFlowing === true && body.readableLength === 0) {
        body.off('data', check);
        body.off('resume', check);
        setImmediate(() => body.destroy(reset));
      }
    };
    const check = () => process.nextTick(attempt);
    body.on('data', check);
    body.on('resume', check);
    check();
  }

  #commit(): void {
    if (this.#committed) return;
    this.#committed = true;
    const rawHeaders: string[] = [];
    for (const [name, value] of this.#headers.values()) {
      if (Array.isArray(value)) for (const v of value) rawHeaders.push(name, String(v));
      else rawHeaders.push(name, String(value));
    }
    this.#resolveHead({ status: this.statusCode, rawHeaders });
  }

  #assertNotCommitted(what: string): void {
    if (this.#committed) {
      const e = new Error(`Cannot ${what} headers after they are sent to the client`) as NodeJS.ErrnoException;
      e.code = 'ERR_HTTP_HEADERS_SENT';
      throw e;
    }
  }
}

/** What a client sees when mockllm cuts the connection (a `reset` fault). */
export function connectionReset(): NodeJS.ErrnoException {
  const e = new Error('socket hang up (mockllm: connection reset)') as NodeJS.ErrnoException;
  e.code = 'ECONNRESET';
  return e;
}
