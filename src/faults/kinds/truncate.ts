import { onStreams, type FaultKind } from '../fault-kind.js';
import type { TruncateFault } from '../fault-spec.js';
import { atEvent } from '../stream-position.js';

export const DEFAULT_AFTER = 2;

/**
 * `truncate`: `after` events go out, then the response ends cleanly (final chunk, no reset)
 * without the provider's terminator — no `[DONE]`, no `done:true`, no `message_stop`.
 */
export const truncateKind: FaultKind<TruncateFault> = {
  kind: 'truncate',
  replacesResponse: false,
  appliesTo: onStreams,
  apply(spec) {
    return { operator: atEvent(spec.after ?? DEFAULT_AFTER, (frame) => (frame ? [{ kind: 'end' }] : [])) };
  },
};
