import { spawn } from 'node:child_process';

/** How the command `mockllm run` started ended. */
export type ChildOutcome =
  /** It ran and exited with `code`, or was ended by `signal`. */
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  /** It could not be started at all (not found, not executable). */
  | { readonly kind: 'not-started'; readonly error: NodeJS.ErrnoException };

/** The signals `mockllm run` passes on to its command. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `command` with the terminal's stdio and `env`, passing SIGINT, SIGTERM and SIGHUP on
 * to it while it runs, and resolves when it has exited. The command stays in mockllm's
 * process group so it keeps the terminal (a watch mode that reads keys still works). That
 * is also why SIGINT is not passed on when stdin is a terminal: Ctrl-C already reached the
 * whole group, and a second SIGINT makes runners like jest or pytest abort their cleanup.
 */
export function runChild(command: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const [file, ...args] = command;
    const child = spawn(file!, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => {
      if (signal === 'SIGINT' && process.stdin.isTTY) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const s of FORWARDED_SIGNALS) process.on(s, forward);
    const done = (outcome: ChildOutcome) => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
      resolve(outcome);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      // 'error' without a pid: spawn failed. With a pid, 'exit' follows and reports the end.
      if (child.pid === undefined) done({ kind: 'not-started', error });
    });
    child.once('exit', (code, signal) => done({ kind: 'exited', code, signal }));
  });
}
