import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { withExamples } from '../command-examples.js';
import type { Cassette } from '../../cassette/types.js';
import { isHandWritten } from '../../cassette/types.js';
import { cassetteProblems } from '../../cassette/validate.js';
import { formatProblem, InvalidCassetteError } from '../../errors.js';
import { requestKey, type KeyOptions } from '../../match/request-key.js';
import { parseCassetteJson, writeCassetteAtomic } from '../../store/cassette-files.js';
import { cassetteFilesFrom } from '../cassette-paths.js';
import { EXIT_FAILED, exitWithError } from '../cli-error.js';

export function validateCommand<T>(y: Argv<T>) {
  return y.command(
    'validate [paths..]',
    'check cassettes: schema, stored keys, hand-written parts; exit 1 if any is invalid',
    (c) =>
      withExamples(c, 'validate')
        .positional('paths', { type: 'string', array: true, describe: 'cassette files or directories [./cassettes]' })
        .option('fix', { type: 'boolean', describe: 'rewrite stored keys that disagree with their request' })
        .option('ignore', { type: 'string', array: true, describe: 'JSON pointer left out of the key (as in replay)' })
        .option('match-headers', { type: 'string', array: true, describe: 'headers in the key (as in replay)' }),
    async (argv) => {
      try {
        const key: KeyOptions = { ignore: argv.ignore ?? [], headers: (argv.matchHeaders ?? []).map((h) => h.toLowerCase()) };
        process.exit(await runValidate(argv.paths && argv.paths.length > 0 ? argv.paths : ['./cassettes'], key, argv.fix ?? false));
      } catch (e) {
        exitWithError(e);
      }
    },
  );
}

export async function runValidate(paths: string[], key: KeyOptions, fix: boolean): Promise<number> {
  const files = cassetteFilesFrom(paths);
  let invalid = 0;
  let interactions = 0;
  for (const { file } of files) {
    let value: unknown;
    try {
      value = parseCassetteJson(readFileSync(file, 'utf8'), file);
    } catch (e) {
      const problems = e instanceof InvalidCassetteError ? e.problems : [{ file, pointer: '', message: `cannot read: ${(e as Error).message}` }];
      for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
      invalid++;
      continue;
    }
    let problems = cassetteProblems(value, { key, checkStoredKeys: true });
    if (fix && problems.length > 0 && problems.every((p) => /\/key$/.test(p.pointer))) {
      const cassette = value as Cassette;
      for (const i of cassette.interactions) if (!isHandWritten(i) && i.key !== undefined) i.key = requestKey(i.request, key);
      await writeCassetteAtomic(file, cassette);
      process.stdout.write(`${file}: fixed ${problems.length} stored key(s)\n`);
      problems = [];
    }
    for (const p of problems) process.stdout.write(`${formatProblem({ ...p, file })}\n`);
    if (problems.length > 0) invalid++;
    else interactions += (value as Cassette).interactions.length;
  }
  if (invalid > 0) {
    process.stdout.write(`${invalid} of ${files.length} cassette(s) invalid\n`);
    return EXIT_FAILED;
  }
  process.stdout.write(`ok: ${files.length} cassette(s), ${interactions} interaction(s) valid\n`);
  return 0;
}
