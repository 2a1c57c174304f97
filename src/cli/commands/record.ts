import type { Argv } from 'yargs';
import { exitWithError } from '../cli-error.js';
import { optionsFromArgv, serverFlags } from '../server-options.js';
import { detachFlags } from './detach.js';
import { serve } from './serve.js';

/** Flags only record mode has. No yargs defaults: env and config file fill what is absent. */
function recordFlags<T>(y: Argv<T>) {
  return y
    .option('upstream', { type: 'string', describe: 'the real API base URL, e.g. https://api.openai.com or http://localhost:11434' })
    .option('record-mode', { type: 'string', choices: ['missing', 'all'], describe: 'missing: replay what is recorded, record the rest; all: re-record everything [missing]' })
    .option('upstream-timeout-ms', { type: 'number', describe: 'connect / first byte / idle timeout toward the upstream [600000]' });
}

export function recordCommand<T>(y: Argv<T>) {
  return y.command(
    'record',
    'proxy to --upstream, recording every exchange into cassettes (keys are never written)',
    (c) => detachFlags(recordFlags(serverFlags(c))),
    async (argv) => {
      let options;
      try {
        options = optionsFromArgv('record', argv as Record<string, unknown>);
      } catch (e) {
        exitWithError(e);
      }
      await serve('record', options);
    },
  );
}
