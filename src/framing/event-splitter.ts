import type { StreamFraming } from '../cassette/types.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into complete SSE events or NDJSON lines, at their real
 * boundaries, whatever the TCP chunking: an event split across chunks is held until it
 * completes, several events in one chunk come out one by one. Works on bytes, so a
 * UTF-8 character split across chunks is never decoded half-way.
 *
 * SSE: an event ends at an empty line; lines end in LF, CRLF or CR (WHATWG).
 * NDJSON: a line ends at LF (a CR before it stays part of the line's bytes).
 */
export class EventSplitter {
  readonly framing: StreamFraming;
  #pending: Buffer = Buffer.alloc(0);
  /** Where scanning resumes in #pending, so each byte is inspected once. */
  #scan = 0;
  /** Start of the current line inside #pending (SSE only). */
  #lineStart = 0;

  constructor(framing: StreamFraming) {
    this.framing = framing;
  }

  /** Feed a chunk; returns the events it completed (each with its terminator). */
  push(chunk: Buffer): Buffer[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    return this.framing === 'sse' ? this.#splitSse() : this.#splitNdjson();
  }

  /** Bytes received after the last complete event (a stream cut mid-event), if any. */
  end(): Buffer | undefined {
    const rest = this.#pending;
    this.#pending = Buffer.alloc(0);
    this.#scan = 0;
    this.#lineStart = 0;
    return rest.length > 0 ? rest : undefined;
  }

  #splitNdjson(): Buffer[] {
    const out: Buffer[] = [];
    let start = 0;
    let i = this.#pending.indexOf(LF, this.#scan);
    while (i !== -1) {
      out.push(this.#pending.subarray(start, i + 1));
      start = i + 1;
      i = this.#pending.indexOf(LF, start);
    }
    this.#take(start);
    this.#scan = this.#pending.length;
    return out;
  }

  #splitSse(): Buffer[] {
    const out: Buffer[] = [];
    const buf = this.#pending;
    let eventStart = 0;
    let i = this.#scan;
    let lineStart = this.#lineStart;
    // indexOf runs natively: jumping from terminator to terminator is several times faster
    // than inspecting every byte in JS, which matters on the record path.
    let nextLf = buf.indexOf(LF, i);
    let nextCr = buf.indexOf(CR, i);
    while (i < buf.length) {
      if (nextLf !== -1 && nextLf < i) nextLf = buf.indexOf(LF, i);
      if (nextCr !== -1 && nextCr < i) nextCr = buf.indexOf(CR, i);
      const at = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
      if (at === -1) {
        i = buf.length;
        break;
      }
      i = at;
      const b = buf[i]!;
      let width = 1;
      if (b === CR) {
        if (i + 1 >= buf.length) break; // CR at the end: wait to see whether LF follows
        if (buf[i + 1] === LF) width = 2;
      }
      const lineWasEmpty = i === lineStart;
      i += width;
      lineStart = i;
      if (lineWasEmpty) {
        out.push(buf.subarray(eventStart, i));
        eventStart = i;
      }
    }
    this.#take(eventStart);
    this.#scan = i - eventStart;
    this.#lineStart = lineStart - eventStart;
    return out;
  }

  #take(consumed: number): void {
    if (consumed > 0) this.#pending = this.#pending.subarray(consumed);
  }
}

/** Which framing a response content type implies, if it is a stream. */
export function framingForContentType(contentType: string | undefined): StreamFraming | undefined {
  if (!contentType) return undefined;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'text/event-stream') return 'sse';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl') return 'ndjson';
  return undefined;
}
