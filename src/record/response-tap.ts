import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { StreamEnding, StreamFraming } from '../cassette/types.js';
import { EventSplitter, framingForContentType } from '../framing/event-splitter.js';

/** One complete SSE event / NDJSON line and when its last byte arrived (ms from request start). */
export interface TappedFrame {
  t: number;
  bytes: Buffer;
}

/** Everything the upstream sent, as received (not yet redacted): what a cassette entry is built from. */
export interface TappedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  headersMs: number;
  totalMs: number;
  /** Set for a 2xx response with a stream content type: the body as frames. */
  framing?: StreamFraming;
  frames: TappedFrame[];
  /** Stream bytes after the last complete frame (a cut mid-event). */
  tail?: Buffer;
  /** Non-stream body. */
  body?: Buffer;
  /** `reset` when the upstream broke the body off. */
  ending: StreamEnding;
}

/**
 * Offsets are whole milliseconds: timers (and so replay at recorded timing) cannot
 * honour finer steps, and whole numbers keep cassettes readable. Rounding keeps the
 * offsets monotonic.
 */
export function roundMs(ms: number): number {
  return Math.max(0, Math.round(ms));
}

/**
 * Watches an upstream response go by and keeps what a cassette needs: status, headers,
 * and the body either as frames stamped with their arrival offset (monotonic clock, from
 * the request start) or as one body. Splitting happens at real event boundaries whatever
 * the TCP chunking (EventSplitter), and the frames it completes are handed back so the
 * relay can pass the very same frames through a fault operator.
 */
export class ResponseTap {
  readonly #startedAt: number;
  readonly #now: () => number;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #headersMs = 0;
  #splitter: EventSplitter | undefined;
  readonly #frames: TappedFrame[] = [];
  readonly #chunks: Buffer[] = [];

  constructor(startedAt: number, now: () => number = () => performance.now()) {
    this.#startedAt = startedAt;
    this.#now = now;
  }

  /** The framing of the body being tapped, once the head is known (undefined = one body). */
  get framing(): StreamFraming | undefined {
    return this.#splitter?.framing;
  }

  head(status: number, headers: IncomingHttpHeaders): void {
    this.#status = status;
    this.#headers = headers;
    this.#headersMs = this.#offset();
    // Only a 2xx is a stream: Gemini answers errors on its stream endpoint with
    // `text/event-stream` but a bare JSON body, which must be stored as a body.
    const contentType = headers['content-type'];
    const framing = status >= 200 && status < 300 ? framingForContentType(Array.isArray(contentType) ? contentType[0] : contentType) : undefined;
    if (framing) this.#splitter = new EventSplitter(framing);
  }

  /** Feeds one chunk as it arrived; returns the frames it completed (none for a non-stream body). */
  chunk(bytes: Buffer): Buffer[] {
    if (!this.#splitter) {
      this.#chunks.push(bytes);
      return [];
    }
    const frames = this.#splitter.push(bytes);
    if (frames.length > 0) {
      const t = this.#offset();
      for (const f of frames) this.#frames.push({ t, bytes: f });
    }
    return frames;
  }

  finish(ending: StreamEnding): TappedResponse {
    const out: TappedResponse = {
      status: this.#status,
      headers: this.#headers,
      headersMs: this.#headersMs,
      totalMs: this.#offset(),
      frames: this.#frames,
      ending,
    };
    if (this.#splitter) {
      out.framing = this.#splitter.framing;
      const tail = this.#splitter.end();
      if (tail) out.tail = tail;
    } else out.body = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    return out;
  }

  #offset(): number {
    return roundMs(this.#now() - this.#startedAt);
  }
}
