import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cassette } from '../cassette/types.js';
import type { ValidationOptions } from '../cassette/validate.js';
import { InvalidCassetteError, type Problem } from '../errors.js';
import { InteractionIndex } from '../match/interaction-index.js';
import type { KeyOptions } from '../match/request-key.js';
import { listCassetteFiles, parseCassetteText } from './cassette-files.js';
import { indexCassette, type LoadedCassette } from './loaded-cassette.js';

export interface LoadResult {
  index: InteractionIndex;
  /** Names whose file content changed since the previous load (all names on the first). */
  changed: Set<string>;
}

/**
 * The cassettes of one directory, loaded and indexed. `load()` is all-or-nothing: one
 * invalid file and the previous version keeps serving (the error names file and pointer).
 */
export class CassetteLibrary {
  readonly dir: string;
  /** Only this cassette and the ones under it (`NAME/…`) are loaded; undefined = every cassette. */
  readonly scope: string | undefined;
  readonly #keyOptions: KeyOptions;
  #digests = new Map<string, string>();
  #loaded = new Map<string, LoadedCassette>();
  #index: InteractionIndex = new InteractionIndex([]);

  /**
   * `scope` (replay's `--cassette`): only that cassette and those under it are read and
   * validated, so a broken cassette elsewhere in the directory does not stop a scoped
   * replay, and a large directory is not loaded for one cassette.
   */
  constructor(dir: string, keyOptions: KeyOptions, scope?: string) {
    this.dir = dir;
    this.scope = scope;
    this.#keyOptions = keyOptions;
  }

  get index(): InteractionIndex {
    return this.#index;
  }

  load(): LoadResult {
    const files = listCassetteFiles(this.dir).filter((f) => inScope(f.name, this.scope));
    const validation: ValidationOptions = { key: this.#keyOptions, checkStoredKeys: false };
    const problems: Problem[] = [];
    const digests = new Map<string, string>();
    const loaded = new Map<string, LoadedCassette>();
    const changed = new Set<string>();
    for (const { name, file } of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        problems.push({ file, pointer: '', message: `cannot read: ${(e as Error).message}` });
        continue;
      }
      const digest = createHash('sha256').update(text).digest('hex');
      digests.set(name, digest);
      const previous = this.#loaded.get(name);
      if (previous && this.#digests.get(name) === digest) {
        loaded.set(name, previous);
        continue;
      }
      changed.add(name);
      try {
        loaded.set(name, indexCassette(name, file, parseCassetteText(text, file, validation), this.#keyOptions));
      } catch (e) {
        if (e instanceof InvalidCassetteError) problems.push(...e.problems);
        else throw e;
      }
    }
    for (const name of this.#loaded.keys()) if (!loaded.has(name)) changed.add(name);
    if (problems.length > 0) throw new InvalidCassetteError(problems[0]!.file ?? this.dir, problems);
    this.#digests = digests;
    this.#loaded = loaded;
    this.#index = new InteractionIndex(loaded.values());
    return { index: this.#index, changed };
  }

  /** Replaces one cassette in memory (after the recorder wrote it), keeping the rest. */
  put(name: string, file: string, cassette: Cassette, fileText: string): LoadedCassette {
    const entry = indexCassette(name, file, cassette, this.#keyOptions);
    this.#loaded.set(name, entry);
    this.#digests.set(name, createHash('sha256').update(fileText).digest('hex'));
    this.#index = new InteractionIndex(this.#loaded.values());
    return entry;
  }
}

/** Whether cassette `name` is `scope` or under it (`scope/…`); everything is in an undefined scope. */
export function inScope(name: string, scope: string | undefined): boolean {
  return scope === undefined || name === scope || name.startsWith(`${scope}/`);
}
