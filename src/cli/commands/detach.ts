import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { ServerOptions } from '../../config/options.js';
import { ErrorCodes, MockllmError } from '../../errors.js';
import type { ServerMode } from '../../modes.js';
import { EXIT_FAILED, exitWithError } from '../cli-error.js';

/**
 * `mockllm replay --detach`: the server runs in the background and the command returns
 * once it is ready. The parent re-runs the same command line (with `--no-detach`) as a
 * detached child whose stdout and stderr go to a log file next to the pid file; the child
 * prints its ready line there and reports it over an IPC channel, which it then drops. The
 * parent prints the ready line, writes the pid file and exits 0. A child that fails to
 * start (invalid cassette, port in use…) exits; the parent prints what it wrote and exits
 * with its code.
 */

/** Set in the child's environment: it reports readiness to its parent. */
export const DETACHED_CHILD_ENV = 'MOCKLLM_DETACHED_CHILD';

/** How long the parent waits for the ready line. */
const READY_TIMEOUT_MS = Number(process.env.MOCKLLM_DETACH_TIMEOUT_MS) || 30_000;

/** What the pid file holds (JSON): enough for `mockllm stop` and for scripts. */
export interface PidFile {
  pid: number;
  url: string;
  port: number;
  host: string;
  mode: ServerMode;
  /** Started with `--strict`: `stop` then fails on misses or unused interactions too. */
  strict: boolean;
  /** Where the server's output (request log, summary on exit) goes. */
  log: string;
  /** ISO time the server became ready. */
  startedAt: string;
}

/** `.mockllm/replay.pid` (or `record.pid`) under the working directory, unless `--pid-file`. */
export function defaultPidFile(mode: ServerMode): string {
  return join('.mockllm', `${mode}.pid`);
}

/** `.mockllm/replay.pid` → `.mockllm/replay.log`. */
export function logFileFor(pidFile: string): string {
  return pidFile.replace(/(\.pid)?$/, '.log');
}

export function readPidFile(file: string): PidFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<PidFile>;
    if (typeof value.pid === 'number' && typeof value.url === 'string') return value as PidFile;
  } catch {
    // Not ours, or half-written: reported below as unreadable.
  }
  throw new MockllmError(ErrorCodes.DETACH, `${file} is not a mockllm pid file (expected JSON with pid and url); remove it if it is stale`);
}

/** Whether a process with this pid exists (signal 0 only checks); an exited, unreaped one does not count. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** Linux: a detached server's parent is gone, and a zombie answers signal 0 until reaped. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** In the detached child, once listening: tell the parent and let go of it. */
export function reportReadyToParent(url: string): void {
  if (process.env[DETACHED_CHILD_ENV] !== '1' || !process.send) return;
  process.send({ ready: url }, () => process.disconnect());
}

/** The parent side of `--detach`: never returns (exits when the child is ready or has failed). */
export async function runDetached(mode: ServerMode, options: ServerOptions): Promise<never> {
  const pidFile = resolve(options.pidFile ?? defaultPidFile(mode));
  const log = logFileFor(pidFile);
  try {
    const existing = readPidFile(pidFile);
    if (existing && processAlive(existing.pid))
      throw new MockllmError(ErrorCodes.DETACH, `a detached mockllm is already running (pid ${existing.pid}, ${existing.url}, pid file ${pidFile}); stop it with \`mockllm stop --pid-file ${pidFile}\` or pick another --pid-file`);
    if (existing) rmSync(pidFile, { force: true });
    mkdirSync(dirname(pidFile), { recursive: true });
  } catch (e) {
    exitWithError(e);
  }

  const logFd = openSync(log, 'w');
  const args = [...process.execArgv, process.argv[1]!, ...childArgs(process.argv.slice(2))];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd, 'ipc'],
    env: { ...process.env, [DETACHED_CHILD_ENV]: '1', MOCKLLM_DETACH: 'false' },
  });
  closeSync(logFd);

  const outcome = await new Promise<{ ready: string } | { code: number | null; signal: NodeJS.Signals | null } | { timeout: true }>((done) => {
    const timer = setTimeout(() => done({ timeout: true }), READY_TIMEOUT_MS);
    child.on('message', (m: { ready?: unknown }) => {
      if (typeof m?.ready === 'string') {
        clearTimeout(timer);
        done({ ready: m.ready });
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      process.stderr.write(`mockllm: could not start the background server: ${e.message}\n`);
      done({ code: EXIT_FAILED, signal: null });
    });
  });

  if ('ready' in outcome) {
    const url = new URL(outcome.ready);
    const record: PidFile = {
      pid: child.pid!,
      url: outcome.ready,
      port: Number(url.port),
      host: url.hostname,
      mode,
      strict: options.strict,
      log,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(pidFile, `${JSON.stringify(record, null, 2)}\n`);
    if (child.connected) child.disconnect();
    child.unref();
    process.stdout.write(`mockllm ${mode} listening on ${outcome.ready}\n`);
    process.stdout.write(`mockllm: running in the background (pid ${child.pid}); pid file ${pidFile}, log ${log}; stop it with \`mockllm stop${options.pidFile ? ` --pid-file ${options.pidFile}` : ''}\`\n`);
    process.exit(0);
  }

  if ('timeout' in outcome) {
    child.kill('SIGKILL');
    process.stderr.write(`mockllm: the background server did not become ready within ${READY_TIMEOUT_MS} ms; stopped it. Its output (${log}):\n`);
  }
  // The child failed to start: what it printed is the user's explanation.
  const printed = safeRead(log).trimEnd();
  if (printed) process.stderr.write(`${printed}\n`);
  else if ('code' in outcome) process.stderr.write(`mockllm: the background server exited (${outcome.signal ?? `code ${outcome.code}`}) before it was ready\n`);
  rmSync(log, { force: true });
  process.exit('code' in outcome && outcome.code ? outcome.code : EXIT_FAILED);
}

/**
 * The command line again without `--detach` (and its optional `true`/`false` value). The
 * child's environment has `MOCKLLM_DETACH=false`, which wins over a config file's `detach`.
 */
export function childArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^--(no-)?detach(=.*)?$/.test(a)) {
      if (a === '--detach' && (argv[i + 1] === 'true' || argv[i + 1] === 'false')) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
