import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { StreamFraming } from '../cassette/types.js';
import type { ResponsePlan } from './plan.js';

/** What happens to the connection; a fault operator answers with these. */
export type Step =
  | { kind: 'write'; bytes: Buffer }
  | { kind: 'delay'; ms: number }
  /** Finish the response cleanly now (remaining frames are dropped). */
  | { kind: 'end' }
  /** Destroy the socket now (the client sees a connection reset). */
  | { kind: 'reset' }
  /** Send nothing more and never finish; released when the client goes away. */
  | { kind: 'hang' };

export interface FrameContext {
  /** 0-based index of the frame in the stream. */
  index: number;
  framing: StreamFraming;
  /** Whether the frame is the provider's end marker ([DONE], done:true, message_stop). */
  isTerminator: boolean;
}

/**
 * A hook that reshapes what the client sees — used by fault overlays. The same operator
 * works on a replayed stream and on a live one being recorded.
 */
export interface FrameOperator {
  /** Steps before status and headers go out (latency, reset, hang). */
  beforeHeaders?(): Step[];
  /** How one frame goes out; default `[write]`. */
  onFrame?(frame: Buffer, ctx: FrameContext): Step[];
  /** Steps after the last frame, before the response ends. */
  onEnd?(): Step[];
}

export interface PlayOptions {
  /** Multiplier applied to recorded offsets: 0 = as fast as possible, 1 = recorded timing. */
  timingFactor: number;
  /** performance.now() at request start: every offset is scheduled from here, so delays never accumulate drift. */
  startedAt: number;
  operator?: FrameOperator;
  isTerminator?: (frame: Buffer, framing: StreamFraming) => boolean;
}

export type PlayOutcome = 'complete' | 'reset' | 'hang' | 'client-closed';

/**
 * Sends a planned response: status and headers at their time, then each frame in its own
 * write at `startedAt + offset × factor + extra delays`. Stops as soon as the client goes.
 */
export async function play(res: ServerResponse, plan: ResponsePlan, options: PlayOptions): Promise<PlayOutcome> {
  const op = options.operator;
  // Nothing to schedule or reshape (the common replay): sent in one go, without a Schedule.
  const atOnce = !op && options.timingFactor === 0;
  if (!plan.stream && (atOnce || (!op && plan.headersAtMs === 0 && !plan.bodyAtMs))) {
    const body = plan.body ?? EMPTY;
    setHead(res, plan);
    res.setHeader('content-length', body.length);
    res.end(body);
    return 'complete';
  }
  if (plan.stream && atOnce) return streamAtOnce(res, plan, plan.stream);

  const clock = new Schedule(res, options.startedAt, options.timingFactor);
  const early = await clock.run(op?.beforeHeaders?.() ?? []);
  if (early) return early;
  if (!(await clock.waitUntil(plan.headersAtMs))) return 'client-closed';
  setHead(res, plan);

  if (!plan.stream) {
    const body = plan.body ?? EMPTY;
    res.setHeader('content-length', body.length);
    if (plan.bodyAtMs !== undefined && plan.bodyAtMs > plan.headersAtMs && options.timingFactor > 0) {
      res.flushHeaders();
      if (!(await clock.waitUntil(plan.bodyAtMs))) return 'client-closed';
    }
    const tail = await clock.run(op?.onEnd?.() ?? []);
    if (tail) return tail;
    res.end(body);
    return 'complete';
  }

  startStream(res);
  const { framing, frames } = plan.stream;
  for (let index = 0; index < frames.length; index++) {
    const frame = frames[index]!;
    if (!(await clock.waitUntil(frame.atMs))) return 'client-closed';
    const steps = op?.onFrame
      ? op.onFrame(frame.bytes, { index, framing, isTerminator: options.isTerminator?.(frame.bytes, framing) ?? false })
      : [{ kind: 'write', bytes: frame.bytes } as const];
    const stop = await clock.run(steps);
    if (stop) return stop;
  }
  if (plan.stream.tail && !(await clock.write(plan.stream.tail))) return 'client-closed';
  const stop = await clock.run(op?.onEnd?.() ?? []);
  if (stop) return stop;
  if (plan.stream.ending === 'reset') return (await clock.run([{ kind: 'reset' }]))!;
  res.end();
  return 'complete';
}

const EMPTY = Buffer.alloc(0);

function setHead(res: ServerResponse, plan: ResponsePlan): void {
  res.statusCode = plan.status;
  for (const name in plan.headers) res.setHeader(name, plan.headers[name]!);
}

function startStream(res: ServerResponse): void {
  res.removeHeader('content-length');
  res.socket?.setNoDelay(true);
  res.flushHeaders();
}

/** A stream with nothing to wait for and nothing to reshape: every frame at once, each its own write. */
async function streamAtOnce(res: ServerResponse, plan: ResponsePlan, stream: NonNullable<ResponsePlan['stream']>): Promise<PlayOutcome> {
  setHead(res, plan);
  startStream(res);
  for (const frame of stream.frames) {
    if (res.destroyed) return 'client-closed';
    if (!res.write(frame.bytes) && overBudget(res)) await onceDrainOrClose(res);
  }
  if (stream.tail && !res.destroyed && !res.write(stream.tail) && overBudget(res)) await onceDrainOrClose(res);
  if (res.destroyed) return 'client-closed';
  // A recorded cut is reproduced as one: the bytes so far, then the connection goes.
  if (stream.ending === 'reset') return (await new Schedule(res, 0, 0).run([{ kind: 'reset' }]))!;
  res.end();
  return 'complete';
}

/** Absolute-time scheduling for one response, plus the fault steps. Exported for the record relay, which runs the same steps on live frames. */
export class Schedule {
  #extraMs = 0;
  #lastDue: number;
  #closed = false;
  readonly #res: ServerResponse;
  readonly #startedAt: number;
  readonly #factor: number;
  /** Resolves the pending sleep early when the client goes away. */
  #wake: (() => void) | undefined;

  constructor(res: ServerResponse, startedAt: number, factor: number) {
    this.#res = res;
    this.#startedAt = startedAt;
    this.#factor = factor;
    this.#lastDue = startedAt;
    res.once('close', () => {
      this.#closed = true;
      this.#wake?.();
    });
  }

  /** Waits until `offset × factor + extra delays` after the start; false when the client left. */
  waitUntil(offsetMs: number): Promise<boolean> {
    this.#lastDue = Math.max(this.#lastDue, this.#startedAt + offsetMs * this.#factor + this.#extraMs);
    return this.#waitFor(this.#lastDue);
  }

  async #waitFor(due: number): Promise<boolean> {
    const wait = due - performance.now();
    if (wait >= 1 && !this.#closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        const self = this;
        function done() {
          clearTimeout(timer);
          self.#wake = undefined;
          resolve();
        }
        this.#wake = done;
      });
    }
    return !this.#closed;
  }

  async write(bytes: Buffer): Promise<boolean> {
    if (this.#closed) return false;
    if (!this.#res.write(bytes) && overBudget(this.#res)) await onceDrainOrClose(this.#res);
    return !this.#closed;
  }

  /**
   * Lets bytes already written leave the process before a reset: node:http corks the socket
   * until the next tick and `destroy()` drops what is still buffered, so without this a
   * client would not get the events sent "before" the reset.
   */
  async #flushed(): Promise<void> {
    const socket = this.#res.socket;
    if (!socket || this.#closed) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (socket.writableLength > 0 && !this.#closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    }
  }

  /** Carries out steps; returns how the response ended if a step ended it. */
  async run(steps: Step[]): Promise<PlayOutcome | undefined> {
    for (const step of steps) {
      switch (step.kind) {
        case 'write':
          if (!(await this.write(step.bytes))) return 'client-closed';
          break;
        case 'delay':
          // Shifts this and every later due time by `ms`: an injected pause never drifts the rest.
          this.#extraMs += step.ms;
          this.#lastDue += step.ms;
          if (!(await this.#waitFor(this.#lastDue))) return 'client-closed';
          break;
        case 'end':
          this.#res.end();
          return 'complete';
        case 'reset':
          await this.#flushed();
          this.#res.destroy();
          return 'reset';
        case 'hang':
          await new Promise<void>((resolve) => (this.#closed ? resolve() : this.#res.once('close', () => resolve())));
          return 'hang';
      }
    }
    return undefined;
  }
}

/**
 * How much of one response may wait in memory for a slow client before the player waits
 * for it to drain. A typical LLM answer fits, so it is written out in one go, as a server
 * writing it directly would (waiting at every 16 KiB high-water mark costs a turn of the
 * event loop each time); a huge one still cannot pile up without bound.
 */
const MAX_QUEUED_BYTES = 1 << 20;

function overBudget(res: ServerResponse): boolean {
  return res.writableLength > MAX_QUEUED_BYTES;
}

function onceDrainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
