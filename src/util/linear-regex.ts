import { RE2JS } from 're2js';
import { ErrorCodes, MockllmError } from '../errors.js';

/**
 * Regular expressions written by users (hand-written matchers, `--redact-pattern`, audit
 * patterns, path and model globs) run on request data, so they run on RE2 (`re2js`, a pure
 * JavaScript port): matching takes time linear in the input, whatever the pattern. With
 * JavaScript's backtracking engine, `(a+)+$` against 28 `a`s and a `b` blocked the event
 * loop — every client of the server — for seconds.
 *
 * The syntax is RE2's (https://github.com/google/re2/wiki/Syntax), which covers what
 * matchers need: classes, `\d \w \s \b`, anchors, alternation, counted repetition (up to
 * 1000), non-greedy quantifiers, named groups, Unicode classes `\p{L}`. JavaScript-only
 * spellings (`\u0041`, `\cJ`, `(?<name>…)`) are translated first. What RE2 cannot do in
 * linear time it does not offer: backreferences (`\1`) and lookaround (`(?=…)`, `(?!…)`,
 * `(?<=…)`, `(?<!…)`). Such a pattern is refused when it is loaded, never at match time.
 */
export interface LinearRegex {
  readonly source: string;
  readonly flags: string;
  /** Whether the pattern occurs anywhere in `text` (unanchored, like `RegExp#test`). */
  test(text: string): boolean;
  /** Every non-overlapping match replaced by `replacement` (taken literally). */
  replaceAll(text: string, replacement: string): string;
  /** `/source/flags`, for explanations. */
  toString(): string;
}

/** JavaScript flags RE2 honours; `u` is accepted and changes nothing (RE2 always matches code points). */
const FLAG_BITS: Readonly<Record<string, number>> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

/** Compiles a user pattern; throws `MOCKLLM_E_INVALID_PATTERN` naming `where` when RE2 cannot run it. */
export function compileLinearRegex(source: string, flags = '', where = 'pattern'): LinearRegex {
  const compiled = tryCompile(source, flags);
  if (typeof compiled === 'string') throw new MockllmError(ErrorCodes.INVALID_PATTERN, `${where} ${JSON.stringify(source)}: ${compiled}`);
  return compiled;
}

/** Why a pattern cannot be compiled (invalid, or not runnable in linear time), or undefined. */
export function linearRegexProblem(source: string, flags = ''): string | undefined {
  const compiled = tryCompile(source, flags);
  return typeof compiled === 'string' ? compiled : undefined;
}

function tryCompile(source: string, flags: string): LinearRegex | string {
  let bits = 0;
  for (const [i, f] of [...flags].entries()) {
    if (!Object.hasOwn(FLAG_BITS, f)) return `unsupported flag ${JSON.stringify(f)} (use i, m, s or u)`;
    if (flags.indexOf(f) !== i) return `flag ${JSON.stringify(f)} given twice`;
    bits |= FLAG_BITS[f]!;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (e) {
    const why = (e as Error).message.replace(/^error parsing regexp: /, '');
    const hint = /\\[1-9]|\(\?[=!<]/.test(source)
      ? 'backreferences and lookaround cannot run in linear time and are not supported'
      : 'patterns use RE2 syntax (docs/authoring.md#regular-expressions)';
    return `not a pattern mockllm can run (${why}); ${hint}`;
  }
  const shownFlags = flags;
  const regex: LinearRegex = {
    source,
    flags: shownFlags,
    test: (text) => re.test(text),
    replaceAll: (text, replacement) => re.matcher(text).replaceAll(() => replacement),
    toString: () => `/${source}/${shownFlags}`,
  };
  return regex;
}
