import { ErrorCodes, MockllmError } from '../errors.js';
import { listCassetteFiles } from '../store/cassette-files.js';
import { inScope } from '../store/cassette-library.js';

/** How many cassette names the error lists before "… and N more". */
const LISTED = 20;

/**
 * `replay --cassette NAME` serves that cassette (and those under `NAME/`) only: when there
 * is none, that is a mistake in the command line, said in one line that names the
 * directory and what it holds — not a server whose every request misses.
 * Throws `MOCKLLM_E_NOT_FOUND` (or `MOCKLLM_E_CASSETTE_DIR` when the directory is missing).
 */
export function checkScopedCassetteExists(dir: string, name: string): void {
  const names = listCassetteFiles(dir).map((f) => f.name);
  if (names.some((n) => inScope(n, name))) return;
  const found =
    names.length === 0
      ? 'it holds no cassettes'
      : `found: ${names.slice(0, LISTED).join(', ')}${names.length > LISTED ? `, … and ${names.length - LISTED} more` : ''}`;
  throw new MockllmError(ErrorCodes.NOT_FOUND, `no cassette ${JSON.stringify(name)} in ${dir} (${found}); check --cassette, or record it with \`mockllm record --cassette ${name} --upstream URL\``);
}
