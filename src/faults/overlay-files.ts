import { readFileSync } from 'node:fs';
import { ErrorCodes, formatProblem, MockllmError, type Problem } from '../errors.js';
import type { OverlayFile } from './fault-spec.js';
import { checkOverlayFile } from './overlay-schema.js';

export interface LoadedOverlay {
  /** The path as given (`--overlay faults/storm.json`): what logs and sources show. */
  file: string;
  content: OverlayFile;
}

export type ReadText = (file: string) => string;

/**
 * Reads and validates every `--overlay` file. All or nothing: any unreadable, non-JSON or
 * invalid file throws one MockllmError (MOCKLLM_E_INVALID_FAULT) whose detail lines are
 * `file: /json/pointer: problem`.
 */
export function loadOverlayFiles(files: readonly string[], readText: ReadText = (f) => readFileSync(f, 'utf8')): LoadedOverlay[] {
  const problems: Problem[] = [];
  const loaded: LoadedOverlay[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readText(file);
    } catch (e) {
      problems.push({ file, pointer: '', message: `cannot read overlay file: ${(e as Error).message}` });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      problems.push({ file, pointer: '', message: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    const checked = checkOverlayFile(value, file);
    if (!checked.ok) problems.push(...checked.problems);
    else loaded.push({ file, content: checked.value });
  }
  if (problems.length > 0) {
    const first = problems[0]!.file ?? files[0] ?? '';
    throw new MockllmError(
      ErrorCodes.INVALID_FAULT,
      `invalid overlay file ${first}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix the lines below (schema: schemas/overlay.schema.json, docs/faults.md)`,
      problems.map(formatProblem),
    );
  }
  return loaded;
}
