import { ErrorCodes, MockllmError } from '../errors.js';

/** Where in an input file a problem is: a JSON pointer, a line (and column), or both. */
export interface SourcePlace {
  pointer?: string;
  line?: number;
  column?: number;
}

/**
 * The one way bad import input is reported: one line naming the file, the line and/or
 * JSON pointer, what was expected, and the code, e.g.
 * `session.har: /log/entries/3/response/status: expected a number (MOCKLLM_E_INVALID_IMPORT)`.
 * Raised before anything is written, so a bad file never leaves a half-imported cassette.
 */
export function invalidImport(file: string, place: SourcePlace, message: string): MockllmError {
  const line = place.line !== undefined ? `:${place.line}${place.column !== undefined ? `:${place.column}` : ''}` : '';
  const pointer = place.pointer !== undefined ? ` ${place.pointer || '/'}:` : '';
  return new MockllmError(ErrorCodes.INVALID_IMPORT, `${file}${line}:${pointer} ${message} (${ErrorCodes.INVALID_IMPORT})`);
}

/** Line and column (1-based) of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
