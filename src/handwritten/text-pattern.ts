import type { TextPattern } from '../cassette/types.js';
import { compileLinearRegex, linearRegexProblem, type LinearRegex } from '../util/linear-regex.js';

/** A compiled {@link TextPattern}: tests a text and can say in words what it wanted. */
export interface TextMatcher {
  test(text: string): boolean;
  /** e.g. `substring 'hello'`, `regex /^hi/i`. */
  describe(): string;
}

/** Compiled patterns by the (cassette-owned, never mutated) pattern object: compiled once per load, not per request. */
const COMPILED = new WeakMap<object, TextMatcher>();

/**
 * Compiles a text pattern. A plain string matches as a substring; `{contains}` likewise;
 * `{regex, flags}` is a regular expression in RE2 syntax, run in linear time (unanchored —
 * write `^…$` to anchor; see util/linear-regex). When both `contains` and `regex` are
 * given, both must hold. Throws `MOCKLLM_E_INVALID_PATTERN` for a regex RE2 cannot run
 * (validation reports those at load time).
 */
export function compileTextPattern(pattern: TextPattern): TextMatcher {
  if (typeof pattern === 'string') return substring(pattern);
  const cached = COMPILED.get(pattern);
  if (cached) return cached;
  const compiled = compileObjectPattern(pattern);
  COMPILED.set(pattern, compiled);
  return compiled;
}

function compileObjectPattern(pattern: Exclude<TextPattern, string>): TextMatcher {
  const parts: TextMatcher[] = [];
  if (pattern.contains !== undefined) parts.push(substring(pattern.contains));
  if (pattern.regex !== undefined) {
    const re = compileLinearRegex(pattern.regex, pattern.flags ?? '', 'regex');
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
  const problem = regexProblem(pattern.regex, pattern.flags);
  // Valid: compile it now, at load, so no request pays for compiling it.
  if (problem === undefined) compileTextPattern(pattern);
  return problem;
}

/** Why a regex cannot be compiled (invalid, or not runnable in linear time), or undefined. */
export function regexProblem(source: string, flags?: string): string | undefined {
  return linearRegexProblem(source, flags ?? '');
}

/** Why a `match.model.regex` cannot run, or undefined (and then it is compiled, once, now). */
export function modelRegexProblem(source: string): string | undefined {
  const problem = regexProblem(source);
  if (problem === undefined) modelRegex(source);
  return problem;
}

/** Model regexes by source, compiled once per process (sources come from cassettes, a bounded set). */
const MODEL_REGEXES = new Map<string, LinearRegex>();

/** A `match.model.regex`, compiled once; throws `MOCKLLM_E_INVALID_PATTERN` when RE2 cannot run it. */
export function modelRegex(source: string): LinearRegex {
  let re = MODEL_REGEXES.get(source);
  if (!re) {
    re = compileLinearRegex(source, '', 'model regex');
    MODEL_REGEXES.set(source, re);
  }
  return re;
}

/**
 * A short single-quoted rendering of user text for explanations (long texts are cut
 * before they are escaped: a 20 MB message costs what the 60 characters shown cost).
 */
export function quote(text: string, max = 60): string {
  // Escaping at most doubles a character's length (six for a control character), so this much is always enough.
  const head = text.length > max ? text.slice(0, max + 1) : text;
  const oneLine = JSON.stringify(head).slice(1, -1).replace(/'/g, "\\'");
  return `'${oneLine.length > max || head.length < text.length ? `${oneLine.slice(0, max)}…` : oneLine}'`;
}
