import type { Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { sdkEnvironment } from '../../api/sdk-environment.js';
import { handleFor } from '../../api/server-handle.js';
import { createServerFor } from '../../api/start-server.js';
import type { ServerOptions } from '../../config/options.js';
import { ErrorCodes, isMockllmError, MockllmError } from '../../errors.js';
import type { ServerMode } from '../../modes.js';
import type { MockllmServer } from '../../server/mockllm-server.js';
import { createLogger } from '../../util/logger.js';
import { runChild } from '../child-command.js';
import { exitWithError } from '../cli-error.js';
import { withExamples } from '../command-examples.js';
import { runExitCode, type RunResult } from '../run-exit-code.js';
import { optionsFromArgv, serverFlags } from '../server-options.js';
import { formatSummary } from './serve.js';

/**
 * What `run` changes in the server defaults: a free port on loopback (two `run`s side by
 * side never collide) and warnings only, so the command's own output stays readable while
 * a miss still prints its explanation.
 */
const RUN_DEFAULTS = { port: 0, logLevel: 'warn' };

/**
 * `mockllm run [options] -- CMD [ARGS…]`: a server for the lifetime of one command, in any
 * language. The command gets the SDK variables (`sdkEnvironment`); when it exits, the
 * server stops (finishing its writes), the summary goes to stderr and `run` exits with the
 * command's code (see `runExitCode`).
 */
export function runCommand<T>(y: Argv<T>) {
  return y.command(
    'run',
    'start a server on a free port for one command (any language), with the SDK variables set; exit with its code',
    (c) =>
      withExamples(
        serverFlags(c.usage('$0 run [options] -- CMD [ARGS…]\n\nStart a server on a free port, run CMD with MOCKLLM_URL, OPENAI_BASE_URL, OPENAI_API_BASE, ANTHROPIC_BASE_URL, GOOGLE_GEMINI_BASE_URL and OLLAMA_HOST pointing at it (and dummy API keys in replay), stop the server when CMD exits, print the summary on stderr and exit with CMD\'s code (1 when CMD passed but --strict failed; 3 when recordings could not be written).'), 'run').option('record', { type: 'boolean', describe: 'record through --upstream instead of replaying (also MOCKLLM_MODE=record)' }),
        'run',
      ),
    async (argv) => {
      const command = commandAfterDashes(hideBin(process.argv));
      let mode: ServerMode;
      let options: ServerOptions;
      try {
        if (command.length === 0)
          throw new MockllmError(ErrorCodes.INVALID_OPTIONS, 'run needs the command after `--`: mockllm run [options] -- CMD [ARGS…], e.g. `mockllm run -- npm test`');
        mode = runMode(argv.record, process.env.MOCKLLM_MODE);
        options = optionsFromArgv(mode, argv as Record<string, unknown>, 'run', RUN_DEFAULTS);
      } catch (e) {
        exitWithError(e);
      }
      process.exit(await runWithServer(mode, options, command));
    },
  );
}

/** Everything after the first `--`, exactly as typed (yargs would turn `1e3` into `1000`). */
export function commandAfterDashes(args: readonly string[]): string[] {
  const at = args.indexOf('--');
  return at === -1 ? [] : args.slice(at + 1);
}

/** `--record` wins; else `MOCKLLM_MODE`, as the runner helpers and the pytest plugin read it. */
function runMode(recordFlag: boolean | undefined, envMode: string | undefined): ServerMode {
  if (recordFlag !== undefined) return recordFlag ? 'record' : 'replay';
  const fromEnv = envMode?.trim();
  if (!fromEnv) return 'replay';
  if (fromEnv === 'replay' || fromEnv === 'record') return fromEnv;
  throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `MOCKLLM_MODE must be "replay" or "record", not ${JSON.stringify(fromEnv)}`);
}

/** Starts the server, runs the command, stops the server; returns the exit code. */
async function runWithServer(mode: ServerMode, options: ServerOptions, command: string[]): Promise<number> {
  const logger = createLogger(options.logLevel, options.logFile ? { file: options.logFile } : {});
  let server: MockllmServer;
  try {
    server = createServerFor(mode, options, logger);
    await server.listen();
  } catch (e) {
    exitWithError(e);
  }
  const handle = handleFor(server, Number(new URL(server.url).port));
  logger.info(`mockllm ${mode} listening on ${server.url}; running ${command.join(' ')}`);
  const child = await runChild(command, { ...process.env, ...sdkEnvironment((p) => handle.baseURL(p), server.url, mode, process.env) });
  if (child.kind === 'not-started') process.stderr.write(`mockllm run: cannot run ${JSON.stringify(command[0])}: ${child.error.code ?? child.error.message}${child.error.code === 'ENOENT' ? ' (not found on PATH)' : ''}\n`);

  let stopFailure: RunResult['stopFailure'];
  try {
    await server.close();
  } catch (e) {
    stopFailure = isMockllmError(e) && e.code === ErrorCodes.WRITE_FAILED ? 'write-failed' : 'other';
    process.stderr.write(`mockllm: ${(e as Error).message}\n`);
    if (isMockllmError(e)) for (const line of e.details) process.stderr.write(`  ${line}\n`);
  }
  const snapshot = server.snapshot();
  process.stderr.write(formatSummary(mode, snapshot));
  const strictFailed = options.strict && (snapshot.misses > 0 || (mode === 'replay' && snapshot.unused.length > 0));
  return runExitCode({ child, strictFailed, ...(stopFailure ? { stopFailure } : {}) });
}
