import { always, type FaultKind } from '../fault-kind.js';
import type { LatencyFault } from '../fault-spec.js';

/** `latency`: waits `ms` before status and headers; everything after shifts by as much. */
export const latencyKind: FaultKind<LatencyFault> = {
  kind: 'latency',
  replacesResponse: false,
  appliesTo: always,
  apply(spec) {
    return { operator: { beforeHeaders: () => [{ kind: 'delay', ms: spec.ms }] } };
  },
};
