import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { checkCassetteName } from '../cassette/cassette-name.js';
import { cassetteProblems, type ValidationOptions } from '../cassette/validate.js';
import { serializeCassette } from '../cassette/serializer.js';
import type { Cassette } from '../cassette/types.js';
import { ErrorCodes, InvalidCassetteError, MockllmError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';

export interface CassetteFile {
  /** Name relative to the cassette dir, without `.json`, `/`-separated. */
  name: string;
  file: string;
}

/** Every `*.json` under `dir`, recursively, sorted by name. */
export function listCassetteFiles(dir: string): CassetteFile[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new MockllmError(ErrorCodes.CASSETTE_DIR, `cassette directory ${dir} does not exist; create it or pass --cassettes DIR`);
  }
  if (!st.isDirectory()) throw new MockllmError(ErrorCodes.CASSETTE_DIR, `${dir} is not a directory; pass the folder that holds the cassettes with --cassettes DIR`);
  const out: CassetteFile[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.json')) out.push({ name: relative(dir, full).slice(0, -'.json'.length).split(sep).join('/'), file: full });
    }
  };
  walk(dir);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The file of cassette `name` under `dir`. The name is checked (see cassette-name), and
 * the path must stay inside `dir` once symbolic links are resolved: a symlinked
 * sub-directory (or file) pointing elsewhere is refused, for reading and writing alike.
 * Throws `MOCKLLM_E_INVALID_CASSETTE_NAME`.
 */
export function cassettePath(dir: string, name: string): string {
  checkCassetteName(name);
  const file = join(dir, ...name.split('/')) + '.json';
  const outside = resolvedOutside(dir, file);
  if (outside !== undefined)
    throw new MockllmError(
      ErrorCodes.INVALID_CASSETTE_NAME,
      `cassette ${JSON.stringify(name)} resolves to ${outside}, outside the cassette directory ${dir} (through a symbolic link); mockllm reads and writes cassettes only inside it`,
    );
  return file;
}

/** Where `file` really is when that is outside `dir` (after symlinks), else undefined. Parts not created yet resolve through their deepest existing ancestor. */
function resolvedOutside(dir: string, file: string): string | undefined {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return undefined; // No directory yet: nothing in it can point elsewhere.
  }
  let existing = file;
  for (;;) {
    try {
      const real = realpathSync(existing);
      return real === root || real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`) ? undefined : real;
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return undefined;
      existing = parent;
    }
  }
}

/** Reads, parses and validates one cassette file; throws InvalidCassetteError naming file and pointer. */
export function readCassetteFile(file: string, options: ValidationOptions): Cassette {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidCassetteError(file, [{ file, pointer: '', message: `cannot read: ${(e as Error).message}` }]);
  }
  return parseCassetteText(text, file, options);
}

export function parseCassetteText(text: string, file: string, options: ValidationOptions): Cassette {
  const value = parseCassetteJson(text, file);
  const problems = cassetteProblems(value, options);
  if (problems.length > 0) throw new InvalidCassetteError(file, problems.map((p) => ({ ...p, file })));
  return value as Cassette;
}

/** The JSON of a cassette file, unvalidated; throws InvalidCassetteError (line and column) when it is not JSON. */
export function parseCassetteJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InvalidCassetteError(file, [{ file, pointer: '', message: `not valid JSON: ${jsonErrorWhere(text, e as Error)}` }]);
  }
}

function jsonErrorWhere(text: string, e: Error): string {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return e.message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${e.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/** Serializes a cassette and writes it atomically (see writeFileAtomic). */
export function writeCassetteAtomic(file: string, cassette: Cassette): Promise<void> {
  return writeFileAtomic(file, serializeCassette(cassette));
}
