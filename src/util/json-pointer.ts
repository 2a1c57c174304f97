/** RFC 6901 JSON pointers: building, removing, and structural diffs that name them. */

export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A copy of `value` without what `pointer` names (`*` matches any key or index). Missing paths are fine. */
export function withoutPointer(value: unknown, pointer: string): unknown {
  return removeAt(value, parsePointer(pointer));
}

function removeAt(value: unknown, tokens: string[]): unknown {
  if (tokens.length === 0 || value === null || typeof value !== 'object') return value;
  const [head, ...rest] = tokens as [string, ...string[]];
  if (Array.isArray(value)) {
    if (head === '*') return value.map((v) => removeAt(v, rest));
    const i = Number(head);
    if (!Number.isInteger(i) || i < 0 || i >= value.length) return value;
    if (rest.length === 0) return value.filter((_, j) => j !== i);
    return value.map((v, j) => (j === i ? removeAt(v, rest) : v));
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (head === '*' || k === head) {
      if (rest.length === 0) continue;
      out[k] = removeAt(v, rest);
    } else out[k] = v;
  }
  return out;
}

export interface JsonDifference {
  pointer: string;
  /** Value in the first document, or undefined when absent. */
  left: unknown;
  right: unknown;
}

/** Every place where two JSON values differ, by pointer, in document order (capped). */
export function diffJson(left: unknown, right: unknown, limit = 20): JsonDifference[] {
  const out: JsonDifference[] = [];
  walk(left, right, '', out, limit);
  return out;
}

function walk(a: unknown, b: unknown, at: string, out: JsonDifference[], limit: number): void {
  if (out.length >= limit) return;
  if (a === b) return;
  const aObj = a !== null && typeof a === 'object';
  const bObj = b !== null && typeof b === 'object';
  if (aObj && bObj && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) walk(a[i], b[i], `${at}/${i}`, out, limit);
      return;
    }
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) walk(ao[k], bo[k], `${at}/${escapeToken(k)}`, out, limit);
    return;
  }
  out.push({ pointer: at || '/', left: a, right: b });
}

/** Short, single-line rendering of a value for messages. */
export function preview(value: unknown, max = 60): string {
  if (value === undefined) return '(absent)';
  const s = JSON.stringify(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
