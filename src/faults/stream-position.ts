import type { FrameContext, FrameOperator, Step } from '../replay/player.js';

/**
 * What a positioned fault does when it fires: `frame` is the event it fires at, undefined
 * when the stream ended (or reached its terminator) before that event.
 */
export type FireAt = (frame: Buffer | undefined, ctx: FrameContext | undefined) => Step[];

export function write(bytes: Buffer): Step {
  return { kind: 'write', bytes };
}

/**
 * An operator that lets `after` events through untouched and fires once at event `after`
 * (0-based) — or at the provider's terminator ([DONE], done:true, message_stop) or the end
 * of the stream, whichever comes first, so a fault always fires on a stream and the
 * terminator never slips out before it.
 */
export function atEvent(after: number, fire: FireAt): FrameOperator {
  let fired = false;
  return {
    onFrame(frame, ctx) {
      if (fired || (ctx.index < after && !ctx.isTerminator)) return [write(frame)];
      fired = true;
      return fire(frame, ctx);
    },
    onEnd() {
      if (fired) return [];
      fired = true;
      return fire(undefined, undefined);
    },
  };
}

/** Whether a frame uses CRLF line ends (Gemini), so inserted frames can match it. */
export function usesCrlf(frame: Buffer | undefined): boolean {
  return frame !== undefined && frame.includes('\r\n');
}

/** The `event:` name of an SSE frame, if it has one. */
export function sseEventName(frame: Buffer | undefined): string | undefined {
  if (!frame) return undefined;
  return /(?:^|\n)event: ?([^\r\n]*)\r?\n/.exec(frame.toString('utf8'))?.[1];
}
