import type { Argv } from 'yargs';
import { withExamples } from '../command-examples.js';
import { exitWithError } from '../cli-error.js';
import { optionsFromArgv, serverFlags } from '../server-options.js';
import { serve } from './serve.js';

export function recordCommand<T>(y: Argv<T>) {
  return y.command(
    'record',
    'proxy to --upstream, recording every exchange into cassettes (keys are never written)',
    (c) => withExamples(serverFlags(c, 'record'), 'record'),
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
