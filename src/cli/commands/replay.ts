import type { Argv } from 'yargs';
import { withExamples } from '../command-examples.js';
import { optionsFromArgv, serverFlags } from '../server-options.js';
import { exitWithError } from '../cli-error.js';
import { serve } from './serve.js';

export function replayCommand<T>(y: Argv<T>) {
  return y.command(
    'replay',
    'serve recorded cassettes (no network, no keys)',
    (c) => withExamples(serverFlags(c, 'replay'), 'replay'),
    async (argv) => {
      let options;
      try {
        options = optionsFromArgv('replay', argv as Record<string, unknown>);
      } catch (e) {
        exitWithError(e);
      }
      await serve('replay', options);
    },
  );
}
