import { createServerFor } from '../../api/start-server.js';
import type { ServerOptions } from '../../config/options.js';
import type { ServerMode } from '../../modes.js';
import type { MockllmServer } from '../../server/mockllm-server.js';
import type { StatsSnapshot } from '../../server/server-stats.js';
import { createLogger } from '../../util/logger.js';
import { EXIT_FAILED, exitWithError } from '../cli-error.js';
import { checkScopedCassetteExists } from '../scoped-cassette.js';
import { reportReadyToParent, runDetached } from './detach.js';

/**
 * Runs a server in the foreground until SIGINT/SIGTERM or `/_mockllm/shutdown`, then
 * finishes writing, prints the summary and exits (1 with --strict on misses or unused).
 */
export async function serve(mode: ServerMode, options: ServerOptions, hooks: { onReady?: (server: MockllmServer) => void } = {}): Promise<void> {
  if (options.detach) await runDetached(mode, options);
  const logger = createLogger(options.logLevel, options.logFile ? { file: options.logFile } : {});
  let server: MockllmServer;
  try {
    if (mode === 'replay' && options.cassette !== undefined) checkScopedCassetteExists(options.cassettes, options.cassette);
    // Building the server loads overlay files: a bad one is a user mistake, not a crash.
    server = createServerFor(mode, options, logger);
    await server.listen();
  } catch (e) {
    exitWithError(e);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    const snapshot = server.snapshot();
    process.stderr.write(formatSummary(mode, snapshot));
    const failed = options.strict && (snapshot.misses > 0 || (mode === 'replay' && snapshot.unused.length > 0));
    process.exit(failed ? EXIT_FAILED : 0);
  };
  server.onShutdownRequest = () => void stop();
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  process.stdout.write(`mockllm ${mode} listening on ${server.url}\n`);
  reportReadyToParent(server.url);
  hooks.onReady?.(server);
}

export function formatSummary(mode: string, s: StatsSnapshot): string {
  const lines = [`mockllm ${mode} summary: ${s.requests} requests, ${s.hits} hits, ${s.misses} misses, ${s.recorded} recorded`];
  const faults = Object.entries(s.faults);
  if (faults.length > 0) lines.push(`faults fired: ${faults.map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  if (s.unused.length > 0) {
    lines.push(`unused interactions (${s.unused.length}):`);
    for (const u of s.unused.slice(0, 50)) lines.push(`  ${u}`);
    if (s.unused.length > 50) lines.push(`  … and ${s.unused.length - 50} more`);
  }
  return `${lines.join('\n')}\n`;
}
