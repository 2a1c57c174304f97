import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { StreamEnding, StreamFraming } from '../cassette/types.js';
import type { FrameOperator } from '../replay/player.js';
import { OperatorRelay } from './operator-relay.js';

/** The response head as the client gets it. */
export interface RelayHead {
  status: number;
  statusText: string;
  headers: OutgoingHttpHeaders;
  /** Framing when the body is a stream (frames are what an operator acts on). */
  framing: StreamFraming | undefined;
}

/**
 * Carries a live upstream response to the client while it is being recorded. The tap
 * and the relay see the same bytes; the relay only decides what the client gets.
 */
export interface ClientRelay {
  /** Whether `chunk` needs the frames a chunk completes (a fault operator acts on frames). */
  readonly needsFrames: boolean;
  head(head: RelayHead): void;
  /** One upstream chunk as it arrived, and the frames it completed (stream bodies only). */
  chunk(raw: Buffer, frames: readonly Buffer[]): void;
  /** The upstream finished (`complete`) or broke off (`reset`, with the bytes after the last frame). */
  end(ending: StreamEnding, tail: Buffer | undefined): void;
  /** Settles when the client side is finished (sent, reset, or the client left). */
  readonly done: Promise<void>;
}

export interface RelayOptions {
  operator?: FrameOperator;
  isTerminator: (frame: Buffer, framing: StreamFraming) => boolean;
}

export function createRelay(res: ServerResponse, options: RelayOptions): ClientRelay {
  return options.operator ? new OperatorRelay(res, options.operator, options.isTerminator) : new PassThroughRelay(res);
}

/**
 * No fault: every upstream chunk is written the moment it arrives, unsplit, so the client
 * sees the upstream's own pacing (flushed headers, Nagle off, no buffering). Writes never
 * wait for the client to drain: the upstream is read at its own speed, because the
 * recording must hold all of it even when the client is slow or gone.
 */
export class PassThroughRelay implements ClientRelay {
  readonly needsFrames = false;
  readonly done: Promise<void>;
  readonly #res: ServerResponse;
  /** The response is over for the client (it left, or it was ended or reset). */
  #closed = false;

  constructor(res: ServerResponse) {
    this.#res = res;
    this.#closed = res.destroyed || res.writableFinished;
    this.done = new Promise<void>((resolve) => {
      if (this.#closed) return resolve();
      res.once('close', () => {
        this.#closed = true;
        resolve();
      });
    });
  }

  head(head: RelayHead): void {
    const res = this.#res;
    if (this.#closed) return;
    res.statusCode = head.status;
    if (head.statusText) res.statusMessage = head.statusText;
    for (const [name, value] of Object.entries(head.headers)) if (value !== undefined) res.setHeader(name, value);
    res.socket?.setNoDelay(true);
    // The head goes out at the end of this turn of the event loop: bytes that came in the
    // same read as the upstream's head (a body, a stream's first event) leave with it in
    // one packet, one wake-up for the client instead of two; a first event that is slower
    // than that (a model thinking) finds the head already sent.
    setImmediate(() => this.#flushHead());
  }

  #flushHead(): void {
    if (!this.#closed && !this.#res.headersSent) this.#res.flushHeaders();
  }

  chunk(raw: Buffer): void {
    if (!this.#closed) this.#res.write(raw);
  }

  end(ending: StreamEnding): void {
    if (this.#closed) return;
    // A broken upstream is a broken response: the client sees the cut, as replay will show it.
    if (ending === 'reset') this.#res.destroy();
    else this.#res.end();
  }
}
