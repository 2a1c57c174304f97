import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';

/** What an intercepted request carries: enough for the server pipeline to read it. */
export interface InMemoryRequestInit {
  method: string;
  /** Path and query, as a server's `req.url` has them. */
  url: string;
  /** Lower-case header names. */
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * An `IncomingMessage` look-alike for a request that never touched a socket: a Readable
 * that yields the body once, with `method`, `url` and `headers`. The server pipeline
 * (`MockllmServer.handle`) only reads those and the body stream, so it serves this exactly
 * as it serves a request from the network.
 */
export class InMemoryRequest extends Readable {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: string[];
  readonly httpVersion = '1.1';
  readonly httpVersionMajor = 1;
  readonly httpVersionMinor = 1;
  /** No socket: there is no connection behind this request. */
  readonly socket = null;
  #body: Buffer | undefined;

  constructor(init: InMemoryRequestInit) {
    super();
    this.method = init.method.toUpperCase();
    this.url = init.url;
    this.headers = init.headers;
    this.rawHeaders = Object.entries(init.headers).flatMap(([name, value]) =>
      value === undefined ? [] : Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, value],
    );
    this.#body = init.body;
  }

  get complete(): boolean {
    return this.readableEnded;
  }

  override _read(): void {
    const body = this.#body;
    this.#body = undefined;
    if (body && body.length > 0) this.push(body);
    this.push(null);
  }
}
