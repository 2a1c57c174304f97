import type { Argv } from 'yargs';
import { ErrorCodes, MockllmError } from '../../errors.js';
import { exitWithError } from '../cli-error.js';

const FORMATS = ['har', 'vcr', 'postman'] as const;

/**
 * `mockllm import FORMAT FILE… --cassette NAME`. The import code (and the YAML parser)
 * loads only when this command runs, so it costs the other commands nothing at start-up.
 */
export function importCommand<T>(y: Argv<T>) {
  return y.command(
    'import <format> <files..>',
    'import recordings made by other tools (HAR, vcrpy/pytest-recording YAML, Postman collection) into a cassette',
    (c) =>
      c
        .positional('format', { choices: FORMATS, demandOption: true, describe: 'har | vcr | postman' })
        .positional('files', { type: 'string', array: true, demandOption: true, describe: 'files to import (all in that format)' })
        .option('cassette', { type: 'string', demandOption: true, describe: 'cassette to import into (created if missing)' })
        .option('cassettes', { type: 'string', describe: 'cassette directory [./cassettes]' })
        .option('merge', { type: 'boolean', describe: 'add to the cassette, replacing interactions with the same key or id [default]' })
        .option('replace', { type: 'boolean', describe: 'first drop what earlier imports of these files brought, then merge' })
        .conflicts('merge', 'replace')
        .option('all', { type: 'boolean', describe: 'also import exchanges that are not LLM API calls' })
        .option('redact-header', { type: 'string', array: true, describe: 'extra secret header: never written, its values scrubbed everywhere (repeatable)' })
        .option('redact-pattern', { type: 'string', array: true, describe: 'regular expression scrubbed from everything written (repeatable)' })
        .option('redact-pointer', { type: 'string', array: true, describe: 'JSON pointer stored as "REDACTED" in bodies (repeatable)' })
        .example('$0 import har session.har --cassette chat', 'LLM calls of a browser / proxy capture → cassettes/chat.json')
        .example('$0 import vcr tests/cassettes/test_chat.yaml --cassette py/test_chat', 'a vcrpy / pytest-recording cassette')
        .example('$0 import postman collection.json --cassette mock --replace', 'saved examples → hand-written interactions; re-run after editing the collection'),
    async (argv) => {
      try {
        const { importIntoCassette } = await import('../../import/cassette-import.js');
        const { formatImportReport } = await import('../../import/import-report.js');
        const report = await importIntoCassette({
          format: argv.format,
          files: argv.files,
          cassettes: argv.cassettes ?? process.env.MOCKLLM_CASSETTES ?? './cassettes',
          cassette: argv.cassette,
          mode: argv.replace ? 'replace' : 'merge',
          all: argv.all ?? false,
          redactHeaders: argv.redactHeader ?? [],
          redactPatterns: (argv.redactPattern ?? []).map(toRegExp),
          redactPointers: argv.redactPointer ?? [],
        });
        process.stdout.write(formatImportReport(report));
      } catch (e) {
        exitWithError(e);
      }
    },
  );
}

function toRegExp(source: string): RegExp {
  try {
    return new RegExp(source, 'g');
  } catch (e) {
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `--redact-pattern ${JSON.stringify(source)} is not a valid regular expression: ${(e as Error).message}`);
  }
}
