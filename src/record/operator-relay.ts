import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { StreamEnding, StreamFraming } from '../cassette/types.js';
import { play, Schedule, type FrameOperator, type Step } from '../replay/player.js';
import type { ClientRelay, RelayHead } from './client-relay.js';

interface QueuedFrame {
  bytes: Buffer;
  /** performance.now() when the frame completed upstream. */
  at: number;
}

/**
 * A fault applies in record mode: the client sees the live response reshaped by the
 * operator, with the player's own step semantics (its Schedule carries the steps out).
 * Each frame is due when it arrived upstream plus every delay injected so far; frames
 * that arrive while a delay runs wait in a queue, so the upstream is still read — and
 * recorded — at its own pace. A non-stream body goes through `play()` itself once complete.
 */
export class OperatorRelay implements ClientRelay {
  readonly needsFrames = true;
  readonly done: Promise<void>;
  readonly #res: ServerResponse;
  readonly #operator: FrameOperator;
  readonly #isTerminator: (frame: Buffer, framing: StreamFraming) => boolean;
  #settle!: () => void;
  #head: RelayHead | undefined;
  /** performance.now() at the upstream head: the relay's time origin. */
  #origin = 0;
  readonly #queue: QueuedFrame[] = [];
  readonly #body: Buffer[] = [];
  #ended: { ending: StreamEnding; tail: Buffer | undefined } | undefined;
  #wake: (() => void) | undefined;

  constructor(res: ServerResponse, operator: FrameOperator, isTerminator: (frame: Buffer, framing: StreamFraming) => boolean) {
    this.#res = res;
    this.#operator = operator;
    this.#isTerminator = isTerminator;
    this.done = new Promise<void>((resolve) => (this.#settle = resolve));
  }

  head(head: RelayHead): void {
    this.#head = head;
    this.#origin = performance.now();
    void this.#run(head).finally(() => this.#settle());
  }

  chunk(raw: Buffer, frames: readonly Buffer[]): void {
    if (this.#head?.framing) {
      const at = performance.now();
      for (const bytes of frames) this.#queue.push({ bytes, at });
    } else this.#body.push(raw);
    this.#poke();
  }

  end(ending: StreamEnding, tail: Buffer | undefined): void {
    this.#ended = { ending, tail };
    this.#poke();
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #next(): Promise<void> {
    return new Promise<void>((resolve) => (this.#wake = resolve));
  }

  async #run(head: RelayHead): Promise<void> {
    if (head.framing) await this.#stream(head, head.framing);
    else await this.#single(head);
  }

  async #single(head: RelayHead): Promise<void> {
    while (!this.#ended) await this.#next();
    if (this.#ended.ending === 'reset') {
      // The upstream broke a single body off: there is nothing whole to reshape.
      this.#res.destroy();
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(head.headers)) if (v !== undefined) headers[k] = typeof v === 'number' ? String(v) : v;
    await play(this.#res, { status: head.status, headers, headersAtMs: 0, body: Buffer.concat(this.#body) }, { timingFactor: 0, startedAt: this.#origin, operator: this.#operator });
  }

  async #stream(head: RelayHead, framing: StreamFraming): Promise<void> {
    const res = this.#res;
    const op = this.#operator;
    const clock = new Schedule(res, this.#origin, 1);
    if (await clock.run(op.beforeHeaders?.() ?? [])) return;
    res.statusCode = head.status;
    if (head.statusText) res.statusMessage = head.statusText;
    for (const [name, value] of Object.entries(head.headers)) if (value !== undefined) res.setHeader(name, value);
    res.removeHeader('content-length');
    res.socket?.setNoDelay(true);
    res.flushHeaders();
    let index = 0;
    for (;;) {
      const frame = this.#queue.shift();
      if (!frame) {
        if (this.#ended) break;
        await this.#next();
        continue;
      }
      if (!(await clock.waitUntil(frame.at - this.#origin))) return;
      const steps: Step[] = op.onFrame
        ? op.onFrame(frame.bytes, { index, framing, isTerminator: this.#isTerminator(frame.bytes, framing) })
        : [{ kind: 'write', bytes: frame.bytes }];
      index++;
      if (await clock.run(steps)) return;
    }
    const { ending, tail } = this.#ended!;
    if (tail && !(await clock.write(tail))) return;
    if (await clock.run(op.onEnd?.() ?? [])) return;
    if (ending === 'reset') res.destroy();
    else res.end();
  }
}
