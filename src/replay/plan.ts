import { encodeBody } from '../cassette/body-codec.js';
import type { StoredHeaders, StoredResponse, StreamEnding, StreamFraming } from '../cassette/types.js';
import { encodeEvent } from '../framing/event-codec.js';
import { TRANSFER_RESPONSE_HEADERS } from '../cassette/transfer-headers.js';

/** One frame to send, at its recorded offset (ms from request start). */
export interface PlannedFrame {
  atMs: number;
  bytes: Buffer;
}

/**
 * Everything the player needs to send one response: the bytes, already encoded, and when
 * each part is due. Built once per response from a stored (recorded or rendered) response;
 * faults act on the player, never on the cassette.
 */
export interface ResponsePlan {
  status: number;
  headers: Record<string, string | string[]>;
  headersAtMs: number;
  /** Non-stream body (possibly empty). */
  body?: Buffer;
  bodyAtMs?: number;
  stream?: {
    framing: StreamFraming;
    frames: PlannedFrame[];
    /** Bytes after the last complete frame (a recorded cut mid-event). */
    tail?: Buffer;
    ending: StreamEnding;
  };
}

export function replayHeaders(stored: StoredHeaders | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!stored) return out;
  for (const [name, value] of Object.entries(stored)) {
    const lower = name.toLowerCase();
    if (!TRANSFER_RESPONSE_HEADERS.has(lower)) out[lower] = value;
  }
  return out;
}

/**
 * Plans are immutable and cassettes change only by reload (which brings new objects), so
 * each stored response is encoded once, not on every request.
 */
const planCache = new WeakMap<StoredResponse, ResponsePlan>();

export function planFromStored(response: StoredResponse): ResponsePlan {
  let plan = planCache.get(response);
  if (!plan) {
    plan = buildPlan(response);
    planCache.set(response, plan);
  }
  return plan;
}

function buildPlan(response: StoredResponse): ResponsePlan {
  const headersAtMs = response.timing?.headers_ms ?? 0;
  const plan: ResponsePlan = { status: response.status, headers: replayHeaders(response.headers), headersAtMs };
  if (response.stream) {
    const { framing, events, tail, tail_base64, ending } = response.stream;
    plan.stream = {
      framing,
      frames: events.map((e) => ({ atMs: e.t, bytes: encodeEvent(framing, e) })),
      ending: ending ?? 'complete',
    };
    if (tail !== undefined) plan.stream.tail = Buffer.from(tail, 'utf8');
    else if (tail_base64 !== undefined) plan.stream.tail = Buffer.from(tail_base64, 'base64');
  } else {
    plan.body = encodeBody(response.body);
    plan.bodyAtMs = Math.max(headersAtMs, response.timing?.total_ms ?? headersAtMs);
  }
  return plan;
}
