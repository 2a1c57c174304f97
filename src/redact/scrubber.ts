import { MIN_SEEN_SECRET_LENGTH, REDACTED, SECRET_PATTERNS, type SecretPattern } from './secret-rules.js';

/**
 * Replaces secrets in strings: the known secret shapes, extra user patterns, and every
 * secret value this process has seen in a request (an API key echoed back in a body or an
 * event is caught even when it has no known shape).
 */
export class Scrubber {
  readonly #patterns: SecretPattern[];
  readonly #seen = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  #seenSorted: string[] = [];

  constructor(extraPatterns: RegExp[] = []) {
    this.#patterns = [
      ...SECRET_PATTERNS,
      ...extraPatterns.map((regex, i) => ({ kind: `custom-${i + 1}`, regex: ensureGlobal(regex) })),
    ];
  }

  /** Remember a secret value (a header value, a query key) so it is scrubbed wherever it appears. */
  remember(value: string): void {
    const secret = stripScheme(value.trim());
    if (secret.length < MIN_SEEN_SECRET_LENGTH || secret === REDACTED || this.#seen.has(secret)) return;
    this.#seen.add(secret);
    this.#seenSorted = [...this.#seen].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.#seenSorted) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    for (const p of this.#patterns) {
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
