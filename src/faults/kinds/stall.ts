import { onStreams, type FaultKind } from '../fault-kind.js';
import type { StallFault } from '../fault-spec.js';
import { atEvent, write } from '../stream-position.js';

/**
 * `stall`: the stream stops for `ms` before event `after` (0-based; default 0 = a slow first
 * token after prompt headers), then goes on; later events shift by as much.
 */
export const stallKind: FaultKind<StallFault> = {
  kind: 'stall',
  replacesResponse: false,
  appliesTo: onStreams,
  apply(spec) {
    return {
      operator: atEvent(spec.after ?? 0, (frame) => (frame ? [{ kind: 'delay', ms: spec.ms }, write(frame)] : [{ kind: 'delay', ms: spec.ms }])),
    };
  },
};
