import type { StreamFraming } from '../cassette/types.js';
import type { ProviderAdapter, RequestView } from '../providers/provider.js';
import type { FrameOperator } from '../replay/player.js';
import type { ResponsePlan } from '../replay/plan.js';
import type { IndexedInteraction } from '../store/loaded-cassette.js';
import type { FaultSpec } from './fault-spec.js';
import type { RateWindow } from './rate-window.js';

/** Wall-clock milliseconds since the epoch. Injected so windows and reset times are testable. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The request and the response about to be sent, as a fault sees them. */
export interface FaultTarget {
  readonly provider: ProviderAdapter;
  readonly view: RequestView;
  /** The request key (secrets and control parameters left out). */
  readonly key: string;
  /** The request's cassette scope, if any. */
  readonly scope: string | undefined;
  /** The interaction about to be replayed or rendered. */
  readonly entry: IndexedInteraction | undefined;
  /** Framing of the response about to be sent when it is a stream; undefined when it is not. */
  readonly stream: StreamFraming | undefined;
  readonly clock: Clock;
}

/** What one fault does to one response: replace it, reshape it, or both. */
export interface FaultEffect {
  response?: ResponsePlan;
  operator?: FrameOperator;
}

/** State a rule keeps between requests (only rate_limit needs any). */
export interface FaultMemory {
  rateWindow?: RateWindow;
}

/**
 * The behaviour of one fault kind. One file per kind in `kinds/`, one entry in the table of
 * `fault-kinds.ts`: a new kind is one file plus one line.
 */
export interface FaultKind<S extends FaultSpec = FaultSpec> {
  readonly kind: S['kind'];
  /** Whether the fault replaces the response (at most one such fault per request). */
  readonly replacesResponse: boolean;
  /** Whether `apply` keeps state in its memory between requests (rate_limit). */
  readonly keepsState?: boolean;
  /** Whether the fault can act on this response (stream-position kinds need a stream). */
  appliesTo(spec: S, target: FaultTarget): boolean;
  /** The effect on this response; undefined = it does not fire this time (rate_limit under its limit). */
  apply(spec: S, target: FaultTarget, memory: FaultMemory): FaultEffect | undefined;
}

/** For kinds that act on any response. */
export const always = (): boolean => true;

/** For kinds that act on stream events. */
export const onStreams = (_spec: unknown, target: FaultTarget): boolean => target.stream !== undefined;
