import type { StreamFraming } from '../../cassette/types.js';
import { onStreams, type FaultKind } from '../fault-kind.js';
import type { MalformedFault } from '../fault-spec.js';
import { atEvent, sseEventName, usesCrlf, write } from '../stream-position.js';
import { DEFAULT_AFTER } from './truncate.js';

export const DEFAULT_MALFORMED_TEXT = '{"broken": ';

/**
 * `malformed`: `after` events go out, then the next is replaced by invalid JSON in the
 * stream's own framing (same `event:` name, same line ends), then the response ends.
 */
export const malformedKind: FaultKind<MalformedFault> = {
  kind: 'malformed',
  replacesResponse: false,
  appliesTo: onStreams,
  apply(spec, target) {
    const framing = target.stream!;
    const text = spec.text ?? DEFAULT_MALFORMED_TEXT;
    return { operator: atEvent(spec.after ?? DEFAULT_AFTER, (frame) => [write(malformedFrame(framing, text, frame)), { kind: 'end' }]) };
  },
};

export function malformedFrame(framing: StreamFraming, text: string, original: Buffer | undefined): Buffer {
  const nl = usesCrlf(original) ? '\r\n' : '\n';
  if (framing === 'ndjson') return Buffer.from(`${text}${nl}`);
  const name = sseEventName(original);
  return Buffer.from(`${name !== undefined ? `event: ${name}${nl}` : ''}data: ${text}${nl}${nl}`);
}
