import { isUtf8 } from 'node:buffer';
import type { StoredEvent, StreamFraming } from '../cassette/types.js';

/**
 * Converts one frame's bytes to its stored form and back. The editable forms (`data`,
 * `text`) are chosen only when encoding them gives back the exact same bytes; anything
 * else is kept as `raw` (or `base64` when not UTF-8), so replay is always byte-faithful.
 */

const SSE_SIMPLE = /^(?:event: ([^\r\n]*)\n)?data: ([^\r\n]*)\n\n$/;
const NDJSON_SIMPLE = /^([^\r\n]*)\n$/;

export function decodeEvent(framing: StreamFraming, bytes: Buffer, t: number): StoredEvent {
  if (!isUtf8(bytes)) return { t, base64: bytes.toString('base64') };
  const text = bytes.toString('utf8');
  if (framing === 'sse') {
    const m = SSE_SIMPLE.exec(text);
    if (m) {
      const payload = editablePayload(m[2]!);
      if (payload) return m[1] !== undefined ? { t, event: m[1], ...payload } : { t, ...payload };
    }
  } else {
    const m = NDJSON_SIMPLE.exec(text);
    if (m) {
      const payload = editablePayload(m[1]!);
      if (payload && 'data' in payload) return { t, ...payload };
    }
  }
  return { t, raw: text };
}

/** `data` when the payload is compact JSON that re-prints identically; `text` when it is not JSON at all. */
function editablePayload(payload: string): { data: unknown } | { text: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { text: payload };
  }
  return JSON.stringify(parsed) === payload ? { data: parsed } : undefined;
}

export function encodeEvent(framing: StreamFraming, event: StoredEvent): Buffer {
  if (event.raw !== undefined) return Buffer.from(event.raw, 'utf8');
  if (event.base64 !== undefined) return Buffer.from(event.base64, 'base64');
  const payload = event.text !== undefined ? event.text : JSON.stringify(event.data);
  if (framing === 'ndjson') return Buffer.from(`${payload}\n`, 'utf8');
  const prefix = event.event !== undefined ? `event: ${event.event}\n` : '';
  return Buffer.from(`${prefix}data: ${payload}\n\n`, 'utf8');
}
