import { constants } from 'node:os';
import type { ChildOutcome } from './child-command.js';
import { EXIT_FAILED, EXIT_WRITE_FAILED } from './cli-error.js';

/** What decides the exit code of `mockllm run`. */
export interface RunResult {
  readonly child: ChildOutcome;
  /** `--strict` found misses or (replay) unused interactions. */
  readonly strictFailed: boolean;
  /** How stopping the server went: recordings that could not be written, or another error. */
  readonly stopFailure?: 'write-failed' | 'other';
}

/**
 * The exit code of `mockllm run`, in order of precedence:
 * 3 when recordings could not be written (data is lost whatever the command did);
 * the command's own failure (its code; 128 + N when signal N ended it; 127 not found, 126
 * not executable, as a shell says);
 * 1 when the command succeeded but `--strict` failed, or the server could not stop cleanly;
 * else 0.
 */
export function runExitCode(r: RunResult): number {
  if (r.stopFailure === 'write-failed') return EXIT_WRITE_FAILED;
  const { child } = r;
  if (child.kind === 'not-started') return child.error.code === 'ENOENT' ? 127 : 126;
  if (child.signal) return 128 + (constants.signals[child.signal] ?? 0);
  if (child.code !== 0 && child.code !== null) return child.code;
  return r.strictFailed || r.stopFailure === 'other' ? EXIT_FAILED : 0;
}
