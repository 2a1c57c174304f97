/**
 * Path globs of hand-written matchers: `*` matches within one segment (no `/`), `**`
 * matches across segments (any run of characters, including none and `/`). A `**` segment
 * between two slashes may also stand for a single slash, so `/v1/` + `**` + `/completions`
 * matches `/v1/completions`. Everything else is literal and the whole path must match.
 */
export function globToRegExp(glob: string): RegExp {
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
  return new RegExp(`^${out}$`);
}

export function matchesGlob(glob: string, path: string): boolean {
  return globToRegExp(glob).test(path);
}
