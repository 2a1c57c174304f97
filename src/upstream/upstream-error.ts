import { ErrorCodes, MockllmError } from '../errors.js';

/** undici / socket error codes that mean the upstream took too long (→ 504), not that it is unreachable (→ 502). */
const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/**
 * The upstream could not be asked: unreachable (502) or too slow to answer (504). Carries
 * the status the client gets, in the provider's error shape; nothing is recorded.
 */
export class UpstreamError extends MockllmError {
  /** The low-level cause's code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT…), for logs. */
  readonly reason: string;

  constructor(target: string, cause: unknown, timeoutMs: number) {
    const reason = errorCode(cause);
    const timedOut = TIMEOUT_CODES.has(reason);
    const why = timedOut
      ? `no answer within ${timeoutMs} ms (${reason}); raise --upstream-timeout-ms if it is just slow`
      : `${(cause as Error)?.message ?? String(cause)} (${reason}); check --upstream and that the upstream is running`;
    // The code carries the status: UPSTREAM answers 502, UPSTREAM_TIMEOUT 504.
    super(timedOut ? ErrorCodes.UPSTREAM_TIMEOUT : ErrorCodes.UPSTREAM, `mockllm: upstream ${target} failed: ${why}; nothing was recorded`, [], { cause });
    this.name = 'UpstreamError';
    this.reason = reason;
  }
}

/** The most specific code in an error and its causes (undici wraps socket errors). */
export function errorCode(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  // AggregateError (several addresses tried): the first inner error explains it.
  const inner = (e as { errors?: unknown[] })?.errors?.[0];
  if (inner) return errorCode(inner);
  return (e as Error)?.name ?? 'Error';
}
