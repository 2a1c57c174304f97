import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { withExamples } from '../command-examples.js';
import { ErrorCodes, MockllmError } from '../../errors.js';
import type { StatsSnapshot } from '../../server/server-stats.js';
import { EXIT_FAILED, EXIT_USAGE, exitWithError } from '../cli-error.js';
import { defaultPidFile, processAlive, readPidFile, type PidFile } from './detach.js';
import { formatSummary } from './serve.js';

/**
 * `mockllm stop`: ends a server started with `--detach`. It asks the server to shut down
 * (`POST /_mockllm/shutdown`, whose answer carries the final counts), waits for the
 * process to exit (SIGTERM, then SIGKILL, if it does not), prints the summary, removes the
 * pid file and exits 0 — or 1 with `--strict` (or a server started with `--strict`) when
 * there were misses or, in replay, unused interactions.
 *
 * Exit codes: 0 stopped; 1 stopped but `--strict` failed, or the pid file was stale (the
 * process is gone, so nothing can vouch for the run: the file is removed); 2 no pid file.
 */
export function stopCommand<T>(y: Argv<T>) {
  return y.command(
    'stop',
    'stop a server started with --detach and print its summary',
    (c) =>
      withExamples(c, 'stop')
        .option('pid-file', { type: 'string', describe: 'pid file written by --detach [.mockllm/replay.pid, else .mockllm/record.pid]' })
        .option('strict', { type: 'boolean', describe: 'exit 1 if there were misses or unused interactions' })
        .option('timeout', { type: 'number', describe: 'ms to wait for a clean exit before SIGKILL [10000]' }),
    async (argv) => {
      try {
        process.exit(await runStop({ pidFile: argv.pidFile ?? process.env.MOCKLLM_PID_FILE, strict: argv.strict ?? false, timeoutMs: argv.timeout ?? 10_000 }));
      } catch (e) {
        exitWithError(e);
      }
    },
  );
}

export async function runStop(o: { pidFile?: string | undefined; strict: boolean; timeoutMs: number }): Promise<number> {
  const file = resolve(o.pidFile ?? pickDefaultPidFile());
  const info = readPidFile(file);
  if (!info) {
    process.stderr.write(`mockllm: no pid file at ${file}: no detached mockllm to stop (start one with \`mockllm replay --detach\`, or pass --pid-file)\n`);
    return EXIT_USAGE;
  }
  if (!processAlive(info.pid)) {
    rmSync(file, { force: true });
    process.stderr.write(
      `mockllm: stale pid file ${file}: process ${info.pid} (${info.url}) is not running; removed the pid file. The server ended without \`mockllm stop\`, so there is no summary${info.log ? ` (its output is in ${info.log})` : ''}\n`,
    );
    return EXIT_FAILED;
  }

  const snapshot = await requestShutdown(info);
  if (!snapshot && !(await answersAsMockllm(info))) {
    // Alive but not answering as mockllm at its URL: the pid may now belong to another program.
    rmSync(file, { force: true });
    process.stderr.write(`mockllm: process ${info.pid} is running but ${info.url} does not answer as mockllm; not touching it (the pid may have been reused). Removed the stale pid file ${file}\n`);
    return EXIT_FAILED;
  }
  const exited =
    (await waitForExit(info.pid, o.timeoutMs)) || (await signalAndWait(info.pid, 'SIGTERM', o.timeoutMs)) || (await signalAndWait(info.pid, 'SIGKILL', 2000));
  rmSync(file, { force: true });
  if (!exited) throw new MockllmError(ErrorCodes.DETACH, `process ${info.pid} did not exit, even after SIGKILL`);

  if (!snapshot) {
    process.stderr.write(`mockllm: the server did not answer /_mockllm/shutdown and was stopped with a signal; its summary is in ${info.log}\n`);
    return o.strict || info.strict ? EXIT_FAILED : 0;
  }
  process.stderr.write(formatSummary(info.mode, snapshot));
  process.stdout.write(`mockllm: stopped the ${info.mode} server (pid ${info.pid}, ${info.url})\n`);
  const failed = (o.strict || info.strict) && (snapshot.misses > 0 || (info.mode === 'replay' && snapshot.unused.length > 0));
  return failed ? EXIT_FAILED : 0;
}

function pickDefaultPidFile(): string {
  const replay = defaultPidFile('replay');
  const record = defaultPidFile('record');
  return !existsSync(replay) && existsSync(record) ? record : replay;
}

/** `POST /_mockllm/shutdown`: its answer is the final snapshot. Undefined when it does not answer. */
async function requestShutdown(info: PidFile): Promise<StatsSnapshot | undefined> {
  try {
    const res = await fetch(new URL('/_mockllm/shutdown', info.url), { method: 'POST', signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    return (await res.json()) as StatsSnapshot;
  } catch {
    return undefined;
  }
}

async function answersAsMockllm(info: PidFile): Promise<boolean> {
  try {
    const res = await fetch(new URL('/_mockllm/health', info.url), { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { status?: unknown };
    return res.ok && body.status === 'ok';
  } catch {
    return false;
  }
}

/** Polls until the process is gone (there is no portable way to wait for a non-child). */
async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !processAlive(pid);
}

async function signalAndWait(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch {
    return !processAlive(pid);
  }
  return waitForExit(pid, timeoutMs);
}
