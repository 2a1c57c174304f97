/**
 * Turns captures into cassette interactions the way the recorder stores a live exchange:
 * the request through the storing pipeline (`toStoredRequest` + `requestKey`), the
 * response headers minus transfer and secret headers, and the body either as one stored
 * body or — for a 2xx SSE/NDJSON response — as stream events split at their real
 * boundaries. Captures carry no timing, so event offsets are synthesized.
 */
import { isUtf8 } from 'node:buffer';
import { decodeBody } from '../../src/cassette/body-codec.js';
import type { Cassette, RecordedInteraction, StoredHeaders, StoredResponse, StoredStream } from '../../src/cassette/types.js';
import { CASSETTE_VERSION } from '../../src/cassette/types.js';
import { decodeEvent } from '../../src/framing/event-codec.js';
import { EventSplitter } from '../../src/framing/event-splitter.js';
import { toStoredRequest } from '../../src/match/normalize.js';
import { DEFAULT_KEY_OPTIONS, requestKey, type KeyOptions } from '../../src/match/request-key.js';
import { SECRET_RESPONSE_HEADERS } from '../../src/redact/secret-rules.js';
import { TRANSFER_RESPONSE_HEADERS } from '../../src/cassette/transfer-headers.js';
import { Scrubber } from '../../src/redact/scrubber.js';
import type { Capture } from './captures.js';

export const DEFAULT_EVENT_GAP_MS = 20;

export interface CaptureInteractionOptions {
  /** Synthesized gap between events: event i gets `t = (i + 1) × eventGapMs`. Default 20. */
  eventGapMs?: number;
  /** Scrubber for the request (default: a fresh one per interaction, like a fresh recorder). */
  scrubber?: Scrubber;
  /** Key options (default: no ignored pointers, no key headers). */
  key?: KeyOptions;
  /** Interaction id (default: the capture's name, e.g. `chat-stream`). */
  id?: string;
  /** Add the capture's provenance as `note` (default true). */
  note?: boolean;
}

export interface CaptureCassetteOptions extends Omit<CaptureInteractionOptions, 'id' | 'scrubber'> {
  name?: string;
  description?: string;
  /** `$schema` to write (omitted when undefined). */
  schema?: string;
}

export { TRANSFER_RESPONSE_HEADERS };

/** The response headers a recorder stores for this capture (lower-case, no transfer or secret headers). */
export function storedResponseHeaders(c: Capture): StoredHeaders {
  const out: StoredHeaders = {};
  for (const [name, value] of Object.entries(c.responseHeaders)) {
    if (TRANSFER_RESPONSE_HEADERS.has(name) || SECRET_RESPONSE_HEADERS.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The capture's body split into frames as the recorder's splitter sees it, plus any bytes
 * after the last complete frame. Only meaningful for streamed captures; a body capture is
 * one frame.
 */
export function captureFrames(c: Capture): { frames: Buffer[]; tail?: Buffer } {
  if (!c.streamed || !c.framing) return { frames: [c.body] };
  const splitter = new EventSplitter(c.framing);
  const frames = splitter.push(c.body);
  const tail = splitter.end();
  return tail ? { frames, tail } : { frames };
}

/** The stored form of a capture's response. */
export function storedResponseFromCapture(c: Capture, eventGapMs = DEFAULT_EVENT_GAP_MS): StoredResponse {
  const response: StoredResponse = { status: c.status };
  const headers = storedResponseHeaders(c);
  if (Object.keys(headers).length > 0) response.headers = headers;
  if (c.streamed && c.framing) {
    const framing = c.framing;
    const { frames, tail } = captureFrames(c);
    const stream: StoredStream = { framing, events: frames.map((f, i) => decodeEvent(framing, f, (i + 1) * eventGapMs)) };
    if (tail) {
      // `tail` is a string in the format: bytes that are not UTF-8 cannot be kept verbatim.
      if (!isUtf8(tail)) throw new Error(`${c.id}: stream tail is not valid UTF-8; the cassette format cannot store it`);
      stream.tail = tail.toString('utf8');
      stream.ending = 'reset';
    }
    response.stream = stream;
  } else {
    const body = decodeBody(c.body);
    if (body) response.body = body;
  }
  return response;
}

/** A recorded interaction built from a capture exactly as the recorder builds one from a live exchange. */
export function interactionFromCapture(c: Capture, options: CaptureInteractionOptions = {}): RecordedInteraction {
  const keyOptions = options.key ?? DEFAULT_KEY_OPTIONS;
  const request = toStoredRequest(
    { method: c.request.method, path: c.request.path, search: c.request.search, headers: c.request.headers, body: c.request.body },
    options.scrubber ?? new Scrubber(),
    keyOptions.headers,
  );
  const interaction: RecordedInteraction = {
    id: options.id ?? c.name,
    key: requestKey(request, keyOptions),
    request,
    response: storedResponseFromCapture(c, options.eventGapMs ?? DEFAULT_EVENT_GAP_MS),
  };
  if (options.note ?? true) interaction.note = captureNote(c);
  return interaction;
}

/** Provenance line: where the capture came from and how faithful its body is. */
export function captureNote(c: Capture): string {
  const m = c.meta;
  const where = m.interaction_index !== undefined ? `${m.source_path} [#${m.interaction_index}]` : m.source_path;
  return `${c.id} — ${m.source_repo}: ${where}; body fidelity: ${c.fidelity}.`;
}

/**
 * A cassette of the given captures, in order. Interaction ids are the capture names
 * (`chat-stream`), or the full capture id where two captures share a name. Captures whose
 * requests hash to the same key are all kept (replayed in sequence); {@link duplicateKeys}
 * tells which.
 */
export function cassetteFromCaptures(captures: Capture[], options: CaptureCassetteOptions = {}): Cassette {
  // One scrubber for the whole cassette, as one recorder process would have.
  const scrubber = new Scrubber();
  const cassette: Cassette = { version: CASSETTE_VERSION, interactions: [] };
  if (options.schema !== undefined) cassette.$schema = options.schema;
  if (options.name !== undefined) cassette.name = options.name;
  if (options.description !== undefined) cassette.meta = { description: options.description };
  const interactionOptions: CaptureInteractionOptions = { scrubber };
  if (options.eventGapMs !== undefined) interactionOptions.eventGapMs = options.eventGapMs;
  if (options.key !== undefined) interactionOptions.key = options.key;
  if (options.note !== undefined) interactionOptions.note = options.note;
  // Ids must be unique in a cassette: a name used by two providers (ollama/chat-stream and
  // openai/chat-stream) falls back to the full capture id.
  const nameCount = new Map<string, number>();
  for (const c of captures) nameCount.set(c.name, (nameCount.get(c.name) ?? 0) + 1);
  cassette.interactions = captures.map((c) =>
    interactionFromCapture(c, { ...interactionOptions, id: nameCount.get(c.name)! > 1 ? c.id : c.name }),
  );
  return cassette;
}

/** Keys shared by more than one interaction of a cassette, with the ids that share them. */
export function duplicateKeys(cassette: Cassette): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const i of cassette.interactions) {
    if (!('key' in i) || i.key === undefined) continue;
    byKey.set(i.key, [...(byKey.get(i.key) ?? []), i.id ?? '?']);
  }
  for (const [k, ids] of byKey) if (ids.length < 2) byKey.delete(k);
  return byKey;
}

/**
 * The body bytes a client must receive when this capture is replayed from a cassette:
 * the content-decoded body, byte for byte (replay never re-compresses, and a stream is
 * its events plus any tail, which is exactly the body). Holds for every capture, whatever
 * its fidelity label: a RE-SERIALIZED body is still replayed as stored.
 */
export function expectedWireBytes(c: Capture): Buffer {
  return c.body;
}
