import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredRequest, StoredResponse } from '../cassette/types.js';
import type { Decision } from '../modes.js';
import type { ProviderAdapter, RequestView } from '../providers/provider.js';
import type { FrameOperator } from '../replay/player.js';
import type { ResponsePlan } from '../replay/plan.js';
import type { IndexedInteraction } from '../store/loaded-cassette.js';

/** One request passing through a mockllm server, with everything derived from it once. */
export interface Exchange {
  readonly id: number;
  /** performance.now() when the request arrived: every scheduled offset counts from here. */
  readonly startedAt: number;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Cassette named by header or `/c/NAME/` prefix; undefined = all cassettes. */
  readonly scope: string | undefined;
  readonly view: RequestView;
  readonly provider: ProviderAdapter;
  /** The request as a cassette stores it (secrets removed); made on first use when the key came from the exact bytes. */
  readonly stored: StoredRequest;
  readonly key: string;
  /** The body exactly as received, for forwarding. */
  readonly rawBody: Buffer;
  /** What happened, for the log line. */
  readonly log: ExchangeLog;
}

export interface ExchangeLog {
  status?: number;
  ref?: string;
  outcome?: 'hit' | 'render' | 'miss' | 'record' | 'forward' | 'fault' | 'error' | 'admin';
  fault?: string;
  note?: string;
}

/** What the fault layer decided for one exchange. */
export interface AppliedFault {
  /** `x-mockllm-fault` header value: `<kind>[;details]`. */
  label: string;
  /** Which overlay fired and why, for logs and `/_mockllm/status`. */
  source: string;
  /** Replaces the response entirely: the request is neither replayed nor forwarded. */
  response?: ResponsePlan;
  /** Reshapes the response that is sent (replayed, rendered, forwarded or a miss). */
  operator?: FrameOperator;
}

export interface FaultContext {
  decision: Decision;
  /** The interaction about to be replayed or rendered, if any. */
  entry?: IndexedInteraction;
  mode: 'replay' | 'record';
}

/** The fault layer as the server sees it. */
export interface FaultLayer {
  select(ex: Exchange, ctx: FaultContext): AppliedFault | undefined;
  /** Handles `/_mockllm/faults`; returns false when the path is not its own. */
  admin?(req: IncomingMessage, res: ServerResponse, subpath: string, body: Buffer): boolean | Promise<boolean>;
  /** A bad `x-mockllm-fault` header or query fault answers 400 with this problem. */
  problem?(ex: Exchange): string | undefined;
  /** Re-reads overlay files (`--watch`); throws a MockllmError and keeps the old overlays when one is invalid. */
  reloadOverlays?(): void;
}

/** The record side: forwards to the upstream, streams back, saves. */
export interface Forwarder {
  forward(ex: Exchange, operator?: FrameOperator): Promise<void>;
  /** Finishes pending writes (and record-mode `all` replacements). */
  close(): Promise<void>;
}

/** Renders a hand-written reply in the provider's wire format. */
export type ReplyRenderer = (entry: IndexedInteraction, ex: Exchange, knownModels: string[]) => StoredResponse;
