import { compileLinearRegex, type LinearRegex } from '../util/linear-regex.js';

/**
 * Path globs of hand-written matchers: `*` matches within one segment (no `/`), `**`
 * matches across segments (any run of characters, including none and `/`). A `**` segment
 * between two slashes may also stand for a single slash, so `/v1/` + `**` + `/completions`
 * matches `/v1/completions`. Everything else is literal and the whole path must match.
 */
export function globToRegExp(glob: string): LinearRegex {
  let re = COMPILED.get(glob);
  if (!re) {
    // Linear time whatever the glob: `*a*a*a*b` is polynomial on a backtracking engine.
    re = compileLinearRegex(globSource(glob), '', 'glob');
    COMPILED.set(glob, re);
  }
  return re;
}

/** Globs by text, compiled once per process (they come from cassettes and overlays, a bounded set). */
const COMPILED = new Map<string, LinearRegex>();

function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // `/**/` may stand for a single slash.
        if (glob[i + 1] === '/' && out.endsWith('/')) {
          out += '(?:.*/)?';
          i++;
        } else out += '.*';
      } else out += '[^/]*';
    } else out += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return `^${out}$`;
}

export function matchesGlob(glob: string, path: string): boolean {
  return globToRegExp(glob).test(path);
}
