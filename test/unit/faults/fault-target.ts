/** Fault targets for unit tests: a request as the fault layer sees it, without a server. */
import type { IncomingHttpHeaders } from 'node:http';
import type { StreamFraming } from '../../../src/cassette/types.js';
import type { Clock, FaultTarget } from '../../../src/faults/fault-kind.js';
import type { ProviderName } from '../../../src/providers/provider.js';
import { PROVIDERS } from '../../../src/providers/registry.js';
import type { FrameOperator, Step } from '../../../src/replay/player.js';

export class FakeClock implements Clock {
  t: number;
  constructor(t = Date.UTC(2026, 0, 1)) {
    this.t = t;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TargetInput {
  provider?: ProviderName;
  method?: string;
  path?: string;
  query?: string;
  headers?: IncomingHttpHeaders;
  json?: unknown;
  key?: string;
  stream?: StreamFraming;
  clock?: Clock;
  scope?: string;
}

export function target(input: TargetInput = {}): FaultTarget {
  const provider = PROVIDERS[input.provider ?? 'openai'];
  return {
    provider,
    view: { method: input.method ?? 'POST', path: input.path ?? '/v1/chat/completions', query: new URLSearchParams(input.query ?? ''), headers: input.headers ?? {}, json: input.json ?? { model: 'gpt-4o-mini' } },
    key: input.key ?? 'k1',
    scope: input.scope,
    entry: undefined,
    stream: input.stream,
    clock: input.clock ?? new FakeClock(),
  };
}

export interface Played {
  /** Bytes written, in order. */
  out: string;
  /** How it ended: complete (end of frames or an `end` step), reset, hang. */
  outcome: 'complete' | 'reset' | 'hang';
  /** Total delay steps, ms. */
  delayMs: number;
  /** Delay steps, in the order they happened, with the bytes written before each. */
  delays: Array<{ ms: number; afterBytes: number }>;
}

/**
 * Runs an operator over frames the way the player does (without a socket or clock): before
 * headers, each frame, then the end steps — so unit tests can check a kind's steps.
 */
export function playFrames(op: FrameOperator | undefined, frames: string[], isTerminator: (f: string) => boolean = () => false, framing: StreamFraming = 'sse'): Played {
  const played: Played = { out: '', outcome: 'complete', delayMs: 0, delays: [] };
  const run = (steps: Step[]): boolean => {
    for (const s of steps) {
      if (s.kind === 'write') played.out += s.bytes.toString('utf8');
      else if (s.kind === 'delay') {
        played.delayMs += s.ms;
        played.delays.push({ ms: s.ms, afterBytes: played.out.length });
      } else {
        played.outcome = s.kind === 'end' ? 'complete' : s.kind;
        return true;
      }
    }
    return false;
  };
  if (run(op?.beforeHeaders?.() ?? [])) return played;
  for (const [index, f] of frames.entries()) {
    const bytes = Buffer.from(f);
    const steps = op?.onFrame ? op.onFrame(bytes, { index, framing, isTerminator: isTerminator(f) }) : [{ kind: 'write' as const, bytes }];
    if (run(steps)) return played;
  }
  run(op?.onEnd?.() ?? []);
  return played;
}
