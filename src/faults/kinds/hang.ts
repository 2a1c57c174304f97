import type { FaultKind } from '../fault-kind.js';
import type { HangFault } from '../fault-spec.js';
import { atEvent } from '../stream-position.js';

/**
 * `hang`: accepts the request and never answers (no status, no headers) when `after` is
 * absent; else `after` events go out and the stream stalls forever. Either way the socket is
 * released as soon as the client gives up (or the server closes).
 */
export const hangKind: FaultKind<HangFault> = {
  kind: 'hang',
  replacesResponse: false,
  appliesTo: (spec, target) => spec.after === undefined || target.stream !== undefined,
  apply(spec) {
    if (spec.after === undefined) return { operator: { beforeHeaders: () => [{ kind: 'hang' }] } };
    return { operator: atEvent(spec.after, () => [{ kind: 'hang' }]) };
  },
};
