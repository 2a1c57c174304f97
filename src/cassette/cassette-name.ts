import { ErrorCodes, MockllmError } from '../errors.js';

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * Cassette names are `[A-Za-z0-9._-]` segments joined by `/`; empty segments, absolute
 * paths and segments that start with `.` (`..`, `.git`, `.hidden`) are refused, so a name
 * can never escape the cassette dir, and never names a file the loader skips (it skips
 * dot-files and dot-directories, so such a cassette would be written but never loaded).
 * The same rules hold for the header, the `/c/NAME/` prefix and `--cassette`.
 */
export function checkCassetteName(name: string): string {
  const problem = cassetteNameProblem(name);
  if (problem) throw new MockllmError(ErrorCodes.INVALID_CASSETTE_NAME, `invalid cassette name ${JSON.stringify(name)}: ${problem}`);
  return name;
}

export function cassetteNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 200) return 'it is longer than 200 characters';
  if (name.startsWith('/')) return 'absolute paths are not allowed';
  for (const segment of name.split('/')) {
    if (segment === '') return 'empty path segments are not allowed';
    if (segment === '.' || segment === '..') return `"${segment}" segments are not allowed`;
    if (segment.startsWith('.')) return `segments may not start with "." ("${segment}"): such files are never loaded`;
    if (!SEGMENT.test(segment)) return 'use only letters, digits, ".", "_", "-" and "/" between segments';
  }
  return undefined;
}
