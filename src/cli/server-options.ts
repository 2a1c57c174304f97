import type { Argv } from 'yargs';
import { resolveOptions, type ServerOptions } from '../config/options.js';
import type { ServerMode } from '../modes.js';

/**
 * Flags shared by `replay` and `record`. No yargs defaults: an absent flag stays
 * undefined so the environment and config file can fill it (flags > env > config > defaults).
 */
export function serverFlags<T>(y: Argv<T>) {
  return y
    .option('cassettes', { type: 'string', describe: 'cassette directory [./cassettes]' })
    .option('cassette', { type: 'string', describe: 'cassette name (replay: scope; record: default target) ' })
    .option('host', { type: 'string', describe: 'bind address [127.0.0.1]' })
    .option('port', { type: 'number', describe: 'port, 0 = any free port [11435]' })
    .option('config', { type: 'string', describe: 'JSON config file with any of these options (camelCase)' })
    .option('timing', { type: 'string', describe: 'fast | recorded | <factor> [fast]' })
    .option('overlay', { type: 'string', array: true, describe: 'fault overlay file (repeatable)' })
    .option('strict', { type: 'boolean', describe: 'exhausted sequences are misses; exit 1 on misses or unused interactions' })
    .option('watch', { type: 'boolean', describe: 'reload cassettes and overlays when files change' })
    .option('log-requests', { type: 'boolean', describe: 'log request and response bodies' })
    .option('log-file', { type: 'string', describe: 'write log lines to this file instead of stderr' })
    .option('log-pretty', { type: 'boolean', describe: 'pretty-print logged JSON bodies [true]' })
    .option('log-level', { type: 'string', describe: 'silent | error | warn | info | debug [info]' })
    .option('cors', { type: 'string', describe: 'allowed browser origins, comma-separated, or *' })
    .option('max-body-bytes', { type: 'number', describe: 'largest accepted request body [64 MiB]' })
    .option('ignore', { type: 'string', array: true, describe: 'JSON pointer left out of the request key (repeatable)' })
    .option('match-headers', { type: 'string', array: true, describe: 'request header that takes part in the key (repeatable)' })
    .option('seed', { type: 'number', describe: 'seed for probabilistic faults [0]' })
    // Redaction runs on incoming requests before the key in both modes, so replay takes the
    // same flags as record: a cassette recorded with them matches only with them.
    .option('redact-header', { type: 'string', array: true, describe: 'extra secret header: never written, its values scrubbed everywhere (repeatable)' })
    .option('redact-pattern', { type: 'string', array: true, describe: 'regular expression scrubbed from everything written (repeatable)' })
    .option('redact-pointer', { type: 'string', array: true, describe: 'JSON pointer stored as "REDACTED" in bodies (repeatable)' });
}

const SERVER_OPTION_KEYS = [
  'cassettes', 'cassette', 'host', 'port', 'timing', 'overlay', 'strict', 'watch', 'logRequests', 'logFile', 'logPretty', 'logLevel',
  'cors', 'maxBodyBytes', 'ignore', 'matchHeaders', 'seed', 'upstream', 'recordMode', 'redactHeader', 'redactPattern', 'redactPointer',
  'upstreamTimeoutMs', 'detach', 'pidFile',
] as const;

/** Options from parsed argv, environment and config file, validated. */
export function optionsFromArgv(mode: ServerMode, argv: Record<string, unknown>): ServerOptions {
  const flags: Record<string, unknown> = {};
  for (const k of SERVER_OPTION_KEYS) if (argv[k] !== undefined) flags[k] = argv[k];
  if (typeof flags.timing === 'string' && flags.timing !== 'fast' && flags.timing !== 'recorded') {
    const n = Number(flags.timing);
    if (!Number.isNaN(n)) flags.timing = n;
  }
  return resolveOptions(mode, { flags, env: process.env, ...(typeof argv.config === 'string' ? { configFile: argv.config } : {}) });
}
