/** `mockllm run`'s exit code, as a table: every combination of how the command ended, --strict and stopping. */
import test from 'ava';
import type { ChildOutcome } from '../../../src/cli/child-command.js';
import { runExitCode, type RunResult } from '../../../src/cli/run-exit-code.js';

const exited = (code: number | null, signal: NodeJS.Signals | null = null): ChildOutcome => ({ kind: 'exited', code, signal });
const notStarted = (code: string): ChildOutcome => ({ kind: 'not-started', error: Object.assign(new Error(code), { code }) });

const table: [string, RunResult, number][] = [
  ['command passed', { child: exited(0), strictFailed: false }, 0],
  ['command failed with 7', { child: exited(7), strictFailed: false }, 7],
  ['command passed, --strict failed', { child: exited(0), strictFailed: true }, 1],
  ['command failed with 5, --strict failed too: the command wins', { child: exited(5), strictFailed: true }, 5],
  ['command ended by SIGTERM', { child: exited(null, 'SIGTERM'), strictFailed: false }, 143],
  ['command ended by SIGINT', { child: exited(null, 'SIGINT'), strictFailed: true }, 130],
  ['command not found', { child: notStarted('ENOENT'), strictFailed: false }, 127],
  ['command not executable', { child: notStarted('EACCES'), strictFailed: false }, 126],
  ['recordings could not be written: 3 even when the command passed', { child: exited(0), strictFailed: false, stopFailure: 'write-failed' }, 3],
  ['recordings could not be written: 3 over the command\'s failure', { child: exited(9), strictFailed: true, stopFailure: 'write-failed' }, 3],
  ['the server could not stop cleanly, command passed', { child: exited(0), strictFailed: false, stopFailure: 'other' }, 1],
  ['the server could not stop cleanly, command failed with 4', { child: exited(4), strictFailed: false, stopFailure: 'other' }, 4],
];

for (const [title, result, code] of table) test(`${title} → ${code}`, (t) => t.is(runExitCode(result), code));
