import type { TextPattern } from '../cassette/types.js';

/** A compiled {@link TextPattern}: tests a text and can say in words what it wanted. */
export interface TextMatcher {
  test(text: string): boolean;
  /** e.g. `substring 'hello'`, `regex /^hi/i`. */
  describe(): string;
}

/**
 * Compiles a text pattern. A plain string matches as a substring; `{contains}` likewise;
 * `{regex, flags}` is a JavaScript regular expression (unanchored — write `^…$` to anchor).
 * When both `contains` and `regex` are given, both must hold.
 * Throws a `SyntaxError` for an invalid regex (validation reports those at load time).
 */
export function compileTextPattern(pattern: TextPattern): TextMatcher {
  if (typeof pattern === 'string') return substring(pattern);
  const parts: TextMatcher[] = [];
  if (pattern.contains !== undefined) parts.push(substring(pattern.contains));
  if (pattern.regex !== undefined) {
    // `g`/`y` would make `test` stateful between requests; the schema forbids them, this is a guard.
    const re = new RegExp(pattern.regex, (pattern.flags ?? '').replace(/[gy]/g, ''));
    parts.push({ test: (text) => re.test(text), describe: () => `regex ${String(re)}` });
  }
  if (parts.length === 0) return { test: () => true, describe: () => 'anything' };
  if (parts.length === 1) return parts[0]!;
  return { test: (text) => parts.every((p) => p.test(text)), describe: () => parts.map((p) => p.describe()).join(' and ') };
}

function substring(needle: string): TextMatcher {
  return { test: (text) => text.includes(needle), describe: () => `substring ${quote(needle)}` };
}

/** Why a pattern cannot compile (bad regex or flags), or undefined when it is fine. */
export function textPatternProblem(pattern: TextPattern): string | undefined {
  if (typeof pattern === 'string' || pattern.regex === undefined) return undefined;
  return regexProblem(pattern.regex, pattern.flags);
}

/** Why `new RegExp(source, flags)` would throw, or undefined. */
export function regexProblem(source: string, flags?: string): string | undefined {
  try {
    new RegExp(source, flags ?? '');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A short single-quoted rendering of user text for explanations (long texts are cut). */
export function quote(text: string, max = 60): string {
  const oneLine = JSON.stringify(text).slice(1, -1).replace(/'/g, "\\'");
  return `'${oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine}'`;
}
