import { escapeToken } from '../util/json-pointer.js';
import { REDACTED, SECRET_PATTERNS, SECRET_QUERY_PARAMS, SECRET_REQUEST_HEADERS, SECRET_RESPONSE_HEADERS, type SecretPattern } from '../redact/secret-rules.js';
import { userPattern } from '../redact/scrubber.js';
import type { LinearRegex } from '../util/linear-regex.js';
import { highEntropyTokens, ID_HEADERS } from './entropy.js';

/** One secret-looking thing in a cassette: where (JSON pointer) and what kind. */
export interface Finding {
  pointer: string;
  /** A secret pattern's kind (`openai-key`…), `secret-header`, `secret-query` or `high-entropy`. */
  kind: string;
}

/** What the audit looks for: the recorder's own rules, plus any the user configured. */
export interface AuditRules {
  patterns: readonly SecretPattern[];
  /** `--redact-pattern`s, on RE2 (linear time); reported as `custom-N`. */
  userPatterns: readonly LinearRegex[];
  secretHeaders: ReadonlySet<string>;
}

export function auditRules(extraPatterns: ReadonlyArray<RegExp | string> = [], extraHeaders: readonly string[] = []): AuditRules {
  return {
    patterns: SECRET_PATTERNS,
    userPatterns: extraPatterns.map(userPattern),
    secretHeaders: new Set([...SECRET_REQUEST_HEADERS, ...SECRET_RESPONSE_HEADERS, ...extraHeaders.map((h) => h.toLowerCase())]),
  };
}

export interface AuditResult {
  findings: Finding[];
  /** With `fix`: the value with every finding scrubbed (the input is never mutated). */
  fixed: unknown;
}

/**
 * Scans a parsed cassette for secret shapes: the secret patterns in every string (inside
 * base64 bodies and frames too), secret header names in stored headers, secret query
 * parameters that are not REDACTED, and high-entropy tokens in header values. With `fix`,
 * also returns the scrubbed copy.
 */
export function auditCassette(value: unknown, rules: AuditRules, fix = false): AuditResult {
  const findings: Finding[] = [];
  const fixed = walk(value, [], { rules, fix, findings });
  return { findings, fixed };
}

interface WalkState {
  rules: AuditRules;
  fix: boolean;
  findings: Finding[];
}

function pointerOf(tokens: readonly string[]): string {
  return tokens.map((t) => `/${escapeToken(t)}`).join('');
}

function walk(value: unknown, at: string[], s: WalkState): unknown {
  if (typeof value === 'string') {
    const key = at[at.length - 1];
    return key === 'base64' || key === 'tail_base64' ? scanBase64(value, at, s) : scanString(value, at, s);
  }
  if (Array.isArray(value)) return value.map((v, i) => walk(v, [...at, String(i)], s));
  if (value === null || typeof value !== 'object') return value;
  const [parent, key] = [at[at.length - 2], at[at.length - 1]];
  if (key === 'headers' && (parent === 'request' || parent === 'response')) return scanHeaders(value as Record<string, unknown>, at, s);
  if (key === 'query' && parent === 'request') return scanQuery(value as Record<string, unknown>, at, s);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...at, k], s);
  return out;
}

function scanString(text: string, at: string[], s: WalkState): string {
  let out = text;
  for (const p of s.rules.patterns) {
    p.regex.lastIndex = 0;
    if (!p.regex.test(out)) continue;
    s.findings.push({ pointer: pointerOf(at), kind: p.kind });
    p.regex.lastIndex = 0;
    if (s.fix) out = out.replace(p.regex, p.replacement ?? REDACTED);
  }
  s.rules.userPatterns.forEach((re, i) => {
    if (!re.test(out)) return;
    s.findings.push({ pointer: pointerOf(at), kind: `custom-${i + 1}` });
    if (s.fix) out = re.replaceAll(out, REDACTED);
  });
  return out;
}

/** Binary bodies are scanned as latin1 (bytes 1:1), so a fix changes only the secret's bytes. */
function scanBase64(base64: string, at: string[], s: WalkState): string {
  const latin1 = Buffer.from(base64, 'base64').toString('latin1');
  const scrubbed = scanString(latin1, at, s);
  return scrubbed === latin1 ? base64 : Buffer.from(scrubbed, 'latin1').toString('base64');
}

function scanHeaders(headers: Record<string, unknown>, at: string[], s: WalkState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const here = [...at, name];
    if (s.rules.secretHeaders.has(name.toLowerCase())) {
      s.findings.push({ pointer: pointerOf(here), kind: 'secret-header' });
      if (!s.fix) out[name] = value;
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    const scanned = values.map((v, i) => {
      if (typeof v !== 'string') return v;
      const where = Array.isArray(value) ? [...here, String(i)] : here;
      let text = scanString(v, where, s);
      if (ID_HEADERS.has(name.toLowerCase())) return text;
      for (const token of highEntropyTokens(text)) {
        s.findings.push({ pointer: pointerOf(where), kind: 'high-entropy' });
        if (s.fix) text = text.split(token).join(REDACTED);
      }
      return text;
    });
    out[name] = Array.isArray(value) ? scanned : scanned[0];
  }
  return out;
}

function scanQuery(query: Record<string, unknown>, at: string[], s: WalkState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    const here = [...at, name];
    if (!SECRET_QUERY_PARAMS.has(name.toLowerCase())) {
      out[name] = walk(value, here, s);
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => v !== REDACTED)) {
      s.findings.push({ pointer: pointerOf(here), kind: 'secret-query' });
      if (s.fix) {
        out[name] = Array.isArray(value) ? values.map(() => REDACTED) : REDACTED;
        continue;
      }
    }
    out[name] = value;
  }
  return out;
}
