import { always, type FaultKind } from '../fault-kind.js';
import type { ResetFault } from '../fault-spec.js';
import { atEvent } from '../stream-position.js';

/**
 * `reset`: destroys the socket — before status and headers when `after` is absent (the
 * client sees the connection drop with no response), else after `after` events (the client
 * sees a chunked body that never finishes).
 */
export const resetKind: FaultKind<ResetFault> = {
  kind: 'reset',
  replacesResponse: false,
  appliesTo: (spec, target) => spec.after === undefined || target.stream !== undefined,
  apply(spec) {
    if (spec.after === undefined) return { operator: { beforeHeaders: () => [{ kind: 'reset' }] } };
    return { operator: atEvent(spec.after, () => [{ kind: 'reset' }]) };
  },
};
