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
const RAW_HINT = new RegExp([...DEFAULT_SHAPE_HINTS, '\\\\u', '\\\\/'].join('|'));
/** A secret that JSON writes as it is and that latin1-decoded UTF-8 holds as it is. */
const VERBATIM_IN_RAW_BYTES = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Replaces secrets in strings: the known secret shapes, extra user patterns, and every
 * secret value this process has seen in a request (an API key echoed back in a body or an
 * event is caught even when it has no known shape).
 */
export class Scrubber {
  readonly #patterns: Array<SecretPattern & { builtin: boolean }>;
  /** `--redact-pattern` given: its regexes may be anchored to a value's bounds. */
  readonly #hasUserPatterns: boolean;
  readonly #seen = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  #seenSorted: string[] = [];
  /** A secret seen that raw bytes may spell otherwise (JSON-escaped, or UTF-8 against latin1): the one-pass check cannot be exact. */
  #seenUnspellable = false;
  readonly pointers: readonly string[];
  /** Configured secret header names (lower-case), on top of SECRET_REQUEST_HEADERS / SECRET_RESPONSE_HEADERS. */
  readonly secretHeaders: ReadonlySet<string>;
  /** Every request header whose value is a secret: the built-in ones and the configured ones. */
  readonly secretRequestHeaders: readonly string[];

  constructor(extraPatterns: RegExp[] = [], options: ScrubberOptions = {}) {
    this.#patterns = [
      ...SECRET_PATTERNS.map((p) => ({ ...p, builtin: true })),
      ...extraPatterns.map((regex, i) => ({ kind: `custom-${i + 1}`, regex: ensureGlobal(regex), builtin: false })),
    ];
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
    if (!VERBATIM_IN_RAW_BYTES.test(secret)) this.#seenUnspellable = true;
    this.#seenSorted = [...this.#seen].sort((a, b) => b.length - a.length);
  }

  /**
   * Whether scrubbing the strings of a body (its parsed JSON values, its stream events)
   * could change anything, decided in one pass over its raw bytes instead of value by
   * value. Exact for the built-in shapes and for seen secrets of printable ASCII without
   * `"` or `\`, which appear verbatim unless a JSON escape spells them otherwise (then:
   * true). Any other seen secret, user patterns and pointers (which may depend on where a
   * value starts and ends): always true.
   */
  mayChange(bytes: Buffer): boolean {
    // latin1 maps bytes 1:1 and is the cheapest decoding; the secrets looked for are ASCII.
    return this.mayChangeText(bytes.toString('latin1'));
  }

  /** `mayChange` for a string (a request path): false means `scrub(text) === text`. */
  mayChangeText(text: string): boolean {
    if (this.pointers.length > 0 || this.#hasUserPatterns || this.#seenUnspellable) return true;
    if (RAW_HINT.test(text)) return true;
    for (const secret of this.#seenSorted) if (text.includes(secret)) return true;
    return false;
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.#seenSorted) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    // Most strings hold no secret shape: one cheap test skips the default patterns.
    const defaultsMayMatch = DEFAULT_SHAPES_HINT.test(out);
    for (const p of this.#patterns) {
      if (p.builtin && !defaultsMayMatch) continue;
      p.regex.lastIndex = 0;
      if (p.regex.test(out)) {
        p.regex.lastIndex = 0;
        out = out.replace(p.regex, p.replacement ?? REDACTED);
      }
    }
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
      out[k] = s;
    }
    return changed ? out : value;
  }
  return value;
}

function stripScheme(value: string): string {
  const m = /^(?:Bearer|Basic|Token)\s+(.+)$/i.exec(value);
  return m ? m[1]! : value;
}

function ensureGlobal(r: RegExp): RegExp {
  return r.global ? r : new RegExp(r.source, `${r.flags}g`);
}
