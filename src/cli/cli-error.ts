import { isMockllmError } from '../errors.js';

/** Exit codes: 1 = the check failed (validate, audit, --strict); 2 = a usage or input mistake; 3 = recordings could not be written. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_WRITE_FAILED = 3;

/** Prints a user mistake as one clear line plus detail lines (no stack trace) and exits. */
export function exitWithError(e: unknown): never {
  if (isMockllmError(e)) {
    process.stderr.write(`mockllm: ${e.message}\n`);
    for (const line of e.details) process.stderr.write(`  ${line}\n`);
    process.exit(EXIT_USAGE);
  }
  process.stderr.write(`mockllm: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(EXIT_USAGE);
}
