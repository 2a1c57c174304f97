import { statSync } from 'node:fs';
import { ErrorCodes, MockllmError } from '../errors.js';
import { listCassetteFiles, type CassetteFile } from '../store/cassette-files.js';
import { basename } from 'node:path';

/** Files named on the command line: cassette files, or directories searched recursively. */
export function cassetteFilesFrom(paths: string[]): CassetteFile[] {
  const out: CassetteFile[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new MockllmError(ErrorCodes.NOT_FOUND, `${p} does not exist; pass cassette files or directories`);
    }
    if (st.isDirectory()) out.push(...listCassetteFiles(p));
    else out.push({ name: basename(p).replace(/\.json$/, ''), file: p });
  }
  return out;
}
