#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_USAGE } from './cli-error.js';
import { lsCommand, showCommand } from './commands/inspect.js';
import { replayCommand } from './commands/replay.js';
import { validateCommand } from './commands/validate.js';

/** The CLI is a thin shell: each command parses flags and calls the library. */
async function main(): Promise<void> {
  let cli = yargs(hideBin(process.argv)).scriptName('mockllm');
  cli = replayCommand(cli);
  cli = validateCommand(cli);
  cli = lsCommand(cli);
  cli = showCommand(cli);
  await cli
    .demandCommand(1, 'name a command: replay, record, validate, audit, ls, show')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`mockllm: ${msg}\n  run \`mockllm --help\` for usage\n`);
      process.exit(EXIT_USAGE);
    })
    .parseAsync();
}

void main();
