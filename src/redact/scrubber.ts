import { compileLinearRegex, type LinearRegex } from '../util/linear-regex.js';
import { setOwn } from '../util/json-pointer.js';
import { redactAtPointer } from './pointer-redactor.js';
import { MIN_SEEN_SECRET_LENGTH, REDACTED, SECRET_PATTERNS, SECRET_REQUEST_HEADERS, type SecretPattern } from './secret-rules.js';

/** User redaction settings beyond the built-in rules (`--redact-pointer`, `--redact-header`). */
export interface ScrubberOptions {
  /** JSON pointers whose values are stored as "REDACTED" in request and response JSON bodies. */
  pointers?: readonly string[];
  /** Extra header names treated like the built-in secret headers (never written; values scrubbed everywhere). */
  headers?: readonly string[];
}

/** Every default secret pattern contains one of these; keep in step with SECRET_PATTERNS. */
const DEFAULT_SHAPE_HINTS = ['sk-', 'AIza', 'eyJ', 'Bearer'];
const DEFAULT_SHAPES_HINT = new RegExp(DEFAULT_SHAPE_HINTS.join('|'));
/** A default shape's hint, or a JSON escape that could spell a secret's ASCII characters some other way. */
const RAW_HINTS = [...DEFAULT_SHAPE_HINTS, '\\u', '\\/'];
const RAW_HINT = new RegExp(RAW_HINTS.map((h) => h.replace(/\\/g, '\\\\')).join('|'));

/**
 * Replaces secrets in strings: the known secret shapes, extra user patterns, and every
 * secret value this process has seen in a request (an API key echoed back in a body or an
 * event is caught even when it has no known shape).
 */
export class Scrubber {
  readonly #patterns: readonly SecretPattern[];
  /** `--redact-pattern`s, run on RE2: linear in the text whatever the pattern (see util/linear-regex). */
  readonly #userPatterns: readonly LinearRegex[];
  /** `--redact-pattern` given: its regexes may be anchored to a value's bounds. */
  readonly #hasUserPatterns: boolean;
  readonly #seen = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  #seenSorted: string[] = [];
  /** Every way a seen secret can be spelled in text or in raw bytes read as latin1 (see `spellings`). */
  #seenSpellings: string[] = [];
  readonly pointers: readonly string[];
  /** Configured secret header names (lower-case), on top of SECRET_REQUEST_HEADERS / SECRET_RESPONSE_HEADERS. */
  readonly secretHeaders: ReadonlySet<string>;
  /** Every request header whose value is a secret: the built-in ones and the configured ones. */
  readonly secretRequestHeaders: readonly string[];

  /** `extraPatterns`: user patterns (RE2 syntax; a RegExp is taken by its source and flags). Throws `MOCKLLM_E_INVALID_PATTERN` for one RE2 cannot run. */
  constructor(extraPatterns: ReadonlyArray<RegExp | string> = [], options: ScrubberOptions = {}) {
    this.#patterns = SECRET_PATTERNS;
    this.#userPatterns = extraPatterns.map(userPattern);
    this.#hasUserPatterns = extraPatterns.length > 0;
    this.pointers = [...(options.pointers ?? [])];
    this.secretHeaders = new Set((options.headers ?? []).map((h) => h.toLowerCase()));
    this.secretRequestHeaders = [...new Set([...SECRET_REQUEST_HEADERS, ...this.secretHeaders])];
  }

  /** How many secret values have been remembered; grows when a new one is seen (lets a writer re-scrub older output). */
  get generation(): number {
    return this.#seen.size;
  }

  /** Remember a secret value (a header value, a query key) so it is scrubbed wherever it appears. */
  remember(value: string): void {
    const secret = stripScheme(value.trim());
    if (secret.length < MIN_SEEN_SECRET_LENGTH || secret === REDACTED || this.#seen.has(secret)) return;
    this.#seen.add(secret);
    this.#seenSpellings.push(...spellings(secret));
    this.#seenSorted = [...this.#seen].sort((a, b) => b.length - a.length);
  }

  /**
   * Whether scrubbing the strings of a body (its parsed JSON values, its stream events)
   * could change anything, decided in one pass over its raw bytes instead of value by
   * value. Exact for the built-in shapes (plain ASCII) and for the secrets seen, each
   * looked for in every spelling the bytes can hold it in, unless a JSON `\u`/`\/` escape
   * spells it otherwise (then: true). User patterns and pointers may depend on where a
   * value starts and ends: always true.
   */
  mayChange(bytes: Buffer): boolean {
    if (this.pointers.length > 0 || this.#hasUserPatterns) return true;
    // Searched in the bytes themselves (latin1 maps bytes 1:1, and `spellings` meets them
    // there): no string of the whole body is made, which on a 20 MB request was most of the cost.
    for (const hint of RAW_HINTS) if (bytes.includes(hint, 0, 'latin1')) return true;
    for (const spelling of this.#seenSpellings) if (bytes.includes(spelling, 0, 'latin1')) return true;
    return false;
  }

  /** `mayChange` for a string (a request path): false means `scrub(text) === text`. */
  mayChangeText(text: string): boolean {
    if (this.pointers.length > 0 || this.#hasUserPatterns) return true;
    if (RAW_HINT.test(text)) return true;
    for (const spelling of this.#seenSpellings) if (text.includes(spelling)) return true;
    return false;
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.#seenSorted) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    // Most strings hold no secret shape: one cheap test skips the default patterns.
    const defaultsMayMatch = DEFAULT_SHAPES_HINT.test(out);
    if (defaultsMayMatch) {
      for (const p of this.#patterns) {
        p.regex.lastIndex = 0;
        if (p.regex.test(out)) {
          p.regex.lastIndex = 0;
          out = out.replace(p.regex, p.replacement ?? REDACTED);
        }
      }
    }
    for (const re of this.#userPatterns) out = re.replaceAll(out, REDACTED);
    return out;
  }

  /** Scrubs every string inside a JSON value; returns the same object when nothing changed. */
  scrubJson<T>(value: T): T {
    return scrubValue(value, (s) => this.scrub(s)) as T;
  }

  /** A JSON body as stored: the configured pointers' values replaced, then every string scrubbed. Same object when unchanged. */
  redactJson<T>(value: T): T {
    let out: unknown = value;
    for (const p of this.pointers) out = redactAtPointer(out, p);
    return this.scrubJson(out) as T;
  }
}

function scrubValue(value: unknown, scrub: (s: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const s = scrubValue(v, scrub);
      if (s !== v) changed = true;
      return s;
    });
    return changed ? out : value;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const s = scrubValue(v, scrub);
      if (s !== v) changed = true;
      setOwn(out, k, s);
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * A secret as it stands in a string, and as raw bytes read as latin1 hold it: its UTF-8,
 * and the UTF-8 of its JSON string form (`"` and `\` escaped). One entry for the usual
 * printable-ASCII key.
 */
function spellings(secret: string): string[] {
  const utf8 = Buffer.from(secret, 'utf8').toString('latin1');
  const json = Buffer.from(JSON.stringify(secret).slice(1, -1), 'utf8').toString('latin1');
  return [...new Set([secret, utf8, json])];
}

function stripScheme(value: string): string {
  const m = /^(?:Bearer|Basic|Token)\s+(.+)$/i.exec(value);
  return m ? m[1]! : value;
}

/** A user pattern on RE2; a RegExp keeps its source and flags (`g` needs no saying: every match is replaced). */
export function userPattern(pattern: RegExp | string): LinearRegex {
  return typeof pattern === 'string'
    ? compileLinearRegex(pattern, '', '--redact-pattern')
    : compileLinearRegex(pattern.source, pattern.flags.replace(/[gy]/g, ''), '--redact-pattern');
}
