import type { FaultKind } from './fault-kind.js';
import type { FaultKindName, FaultSpec } from './fault-spec.js';
import { emptyKind } from './kinds/empty.js';
import { hangKind } from './kinds/hang.js';
import { latencyKind } from './kinds/latency.js';
import { malformedKind } from './kinds/malformed.js';
import { nonJsonKind } from './kinds/non-json.js';
import { pingKind } from './kinds/ping.js';
import { rateLimitKind } from './kinds/rate-limit.js';
import { resetKind } from './kinds/reset.js';
import { slowStreamKind } from './kinds/slow-stream.js';
import { stallKind } from './kinds/stall.js';
import { statusKind } from './kinds/status.js';
import { streamErrorKind } from './kinds/stream-error.js';
import { truncateKind } from './kinds/truncate.js';

type KindTable = { readonly [K in FaultKindName]: FaultKind<Extract<FaultSpec, { kind: K }>> };

/** Every fault kind, by name. A new kind is one file in `kinds/` plus one line here (and its schema branch). */
export const FAULT_KINDS: KindTable = {
  status: statusKind,
  latency: latencyKind,
  slow_stream: slowStreamKind,
  stall: stallKind,
  truncate: truncateKind,
  reset: resetKind,
  malformed: malformedKind,
  stream_error: streamErrorKind,
  hang: hangKind,
  non_json: nonJsonKind,
  empty: emptyKind,
  ping: pingKind,
  rate_limit: rateLimitKind,
};

export const FAULT_KIND_NAMES = Object.keys(FAULT_KINDS) as FaultKindName[];

/** The behaviour of a fault, looked up by its kind. */
export function kindOf<S extends FaultSpec>(spec: S): FaultKind<S> {
  return FAULT_KINDS[spec.kind] as unknown as FaultKind<S>;
}

/** Left out of labels: rule fields, and long free text a header value should not carry. */
const NOT_IN_LABEL = new Set(['kind', 'when', 'times', 'name', 'note', 'headers', 'message', 'body', 'text']);

/**
 * The `x-mockllm-fault` label of a fault: `<kind>[;param=value…]` with its scalar
 * parameters in the order written (free text left out), e.g. `status;status=429;retry_after_ms=10`.
 */
export function faultLabel(spec: FaultSpec): string {
  const parts: string[] = [spec.kind];
  for (const [k, v] of Object.entries(spec)) {
    if (NOT_IN_LABEL.has(k) || v === undefined || (typeof v === 'object' && v !== null)) continue;
    // Header-safe: printable ASCII without the separators of the header syntax.
    parts.push(`${k}=${String(v).replace(/[^\x20-\x7e]|[;,]/g, '_')}`);
  }
  return parts.join(';');
}
