#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_USAGE } from './cli-error.js';
import { auditCommand } from './commands/audit.js';
import { importCommand } from './commands/import.js';
import { newCommand, renderCommand } from './commands/authoring.js';
import { completionCommand } from './commands/completion.js';
import { lsCommand, showCommand } from './commands/inspect.js';
import { recordCommand } from './commands/record.js';
import { replayCommand } from './commands/replay.js';
import { runCommand } from './commands/run.js';
import { stopCommand } from './commands/stop.js';
import { validateCommand } from './commands/validate.js';

/**
 * mockllm's own version, from its own package.json (next to `dist/`). yargs' default looks
 * for the nearest package.json from the working directory, and printed the host project's.
 */
const OWN_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The CLI is a thin shell: each command parses flags and calls the library. */
async function main(): Promise<void> {
  let cli = yargs(hideBin(process.argv)).scriptName('mockllm');
  cli = replayCommand(cli);
  cli = recordCommand(cli);
  cli = runCommand(cli);
  cli = auditCommand(cli);
  cli = validateCommand(cli);
  cli = stopCommand(cli);
  cli = lsCommand(cli);
  cli = showCommand(cli);
  cli = newCommand(cli);
  cli = renderCommand(cli);
  cli = completionCommand(cli);
  cli = importCommand(cli);
  await cli
    .demandCommand(1, 'name a command: replay, record, run, stop, validate, audit, ls, show, new, render, import, completion')
    .strict()
    .recommendCommands()
    .help()
    .version(OWN_VERSION)
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`mockllm: ${msg}\n  run \`mockllm --help\` for usage\n`);
      process.exit(EXIT_USAGE);
    })
    .parseAsync();
}

void main();
