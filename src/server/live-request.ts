import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { bodyAsJson, type BodyUse } from '../cassette/body-codec.js';
import type { StoredRequest } from '../cassette/types.js';
import { toStoredRequest, type IncomingRequestData } from '../match/normalize.js';
import type { ProviderAdapter, RequestView } from '../providers/provider.js';
import type { Scrubber } from '../redact/scrubber.js';
import type { Exchange, ExchangeLog } from './exchange.js';

/**
 * A live request and the forms derived from it: what a cassette stores, and the parsed
 * body. Each is made on first use, since a request matched by its exact bytes (a replay
 * hit, mostly) needs neither. A class rather than an object literal with getters: V8
 * builds those on a slow path, on every request.
 */
export class LiveRequest implements RequestView {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly #incoming: IncomingRequestData;
  readonly #scrubber: Scrubber;
  readonly #keyHeaders: readonly string[];
  readonly #bodyUse: BodyUse;
  #stored: StoredRequest | undefined;
  #json: { value: unknown } | undefined;

  constructor(incoming: IncomingRequestData, scrubber: Scrubber, keyHeaders: readonly string[], bodyUse: BodyUse) {
    this.#incoming = incoming;
    this.method = incoming.method.toUpperCase();
    this.path = incoming.path;
    this.query = incoming.search;
    this.headers = incoming.headers;
    this.#scrubber = scrubber;
    this.#keyHeaders = keyHeaders;
    this.#bodyUse = bodyUse;
  }

  /** The request as a cassette stores it (secrets removed). */
  get stored(): StoredRequest {
    return (this.#stored ??= toStoredRequest(this.#incoming, this.#scrubber, this.#keyHeaders, this.#bodyUse));
  }

  /** The parsed JSON of the stored (scrubbed) body: parsed once, and rules never see a secret. */
  get json(): unknown {
    return (this.#json ??= { value: bodyAsJson(this.stored.body) }).value;
  }
}

/** An exchange whose stored request is its live request's, made on first use. */
export class LiveExchange implements Exchange {
  readonly id: number;
  readonly startedAt: number;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly scope: string | undefined;
  readonly view: LiveRequest;
  readonly provider: ProviderAdapter;
  readonly key: string;
  readonly rawBody: Buffer;
  readonly log: ExchangeLog = {};

  constructor(init: Omit<Exchange, 'view' | 'stored' | 'log'> & { view: LiveRequest }) {
    this.id = init.id;
    this.startedAt = init.startedAt;
    this.req = init.req;
    this.res = init.res;
    this.scope = init.scope;
    this.view = init.view;
    this.provider = init.provider;
    this.key = init.key;
    this.rawBody = init.rawBody;
  }

  get stored(): StoredRequest {
    return this.view.stored;
  }
}
