import { ErrorCodes, MockllmError } from '../errors.js';
import type { MissReport } from '../server/mockllm-server.js';
import type { StatsSnapshot } from '../server/server-stats.js';

/**
 * The misses of one server, in order, for the checks test code makes: "no request of this
 * test missed" (`since(mark)`) and "no request at all missed".
 */
export class MissLog {
  readonly #misses: MissReport[] = [];

  add(miss: MissReport): void {
    this.#misses.push(miss);
  }

  get count(): number {
    return this.#misses.length;
  }

  all(): readonly MissReport[] {
    return [...this.#misses];
  }

  /** Misses after a `count` taken earlier. */
  since(mark: number): readonly MissReport[] {
    return this.#misses.slice(mark);
  }
}

/** One error for a list of misses: what missed, and for each, why (closest interaction, differing pointers). */
export function missError(misses: readonly MissReport[], context = ''): MockllmError {
  const n = misses.length;
  return new MockllmError(
    ErrorCodes.MISS,
    `mockllm: ${n} request${n === 1 ? '' : 's'}${context ? ` ${context}` : ''} matched no recorded interaction; record ${n === 1 ? 'it' : 'them'} (MOCKLLM_MODE=record) or fix the request`,
    misses.map((m) => `${m.method} ${m.path}${m.scope !== undefined ? ` [cassette ${m.scope}]` : ''}: ${m.message}`),
  );
}

/** One error for interactions nobody asked for. */
export function unusedError(unused: readonly string[], context = ''): MockllmError {
  const n = unused.length;
  return new MockllmError(
    ErrorCodes.UNUSED,
    `mockllm: ${n} recorded interaction${n === 1 ? ' was' : 's were'} never requested${context ? ` ${context}` : ''}; remove ${n === 1 ? 'it' : 'them'} or re-record`,
    [...unused],
  );
}

/**
 * The same error with its detail lines in the message: test runners print the message,
 * not `details`, and a failing test should say which request missed and why.
 */
export function withDetailsInMessage(e: MockllmError): MockllmError {
  if (e.details.length === 0) return e;
  return new MockllmError(e.code, `${e.message}\n${e.details.map((d) => `  - ${d}`).join('\n')}`, e.details);
}

/** Unused interactions of some cassettes (all when `names` is undefined). */
export function unusedIn(stats: StatsSnapshot, names: readonly string[] | undefined): string[] {
  if (names === undefined) return [...stats.unused];
  return stats.cassettes.filter((c) => names.includes(c.name)).flatMap((c) => c.unused);
}
