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
      setOwn(out, k, removeAt(v, rest));
    } else setOwn(out, k, v);
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
      for (let i = 0; i < n && out.length < limit; i++) walk(a[i], b[i], `${at}/${i}`, out, limit);
      return;
    }
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) {
      if (out.length >= limit) return;
      // Own properties only: `constructor` or `toString` in a body is data, not Object.prototype's.
      walk(ownValue(ao, k), ownValue(bo, k), `${at}/${escapeToken(k)}`, out, limit);
    }
    return;
  }
  out.push({ pointer: at || '/', left: a, right: b });
}

/** `obj[key]` when `key` is the object's own property; JSON parsed from a request is data, never a prototype. */
export function ownValue(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** `obj[key] = value` that makes `__proto__` an own property, as `JSON.parse` does, instead of setting the prototype. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Short, single-line rendering of a value for messages: the JSON text, cut at `max`
 * characters. Only what is shown is printed — a 20 MB value costs what its first
 * 60 characters cost — and no recursion: the walk keeps its own stack.
 */
export function preview(value: unknown, max = 60): string {
  if (value === undefined) return '(absent)';
  const s = boundedJson(value, max + 1);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** JSON text of `value` as `JSON.stringify` prints it (compact), stopped once `limit` characters are out. */
function boundedJson(value: unknown, limit: number): string {
  let out = '';
  // Each item: a value to print, or a literal piece of punctuation.
  const stack: Array<{ text: string } | { value: unknown }> = [{ value }];
  while (stack.length > 0 && out.length < limit) {
    const item = stack.pop()!;
    if ('text' in item) {
      out += item.text;
      continue;
    }
    const v = item.value;
    if (v === null || typeof v !== 'object') {
      out += scalarJson(v, limit - out.length);
      continue;
    }
    const pieces: Array<{ text: string } | { value: unknown }> = [];
    if (Array.isArray(v)) {
      pieces.push({ text: '[' });
      // Only as many items as could still show.
      const n = Math.min(v.length, limit - out.length);
      for (let i = 0; i < n; i++) {
        if (i > 0) pieces.push({ text: ',' });
        const x: unknown = v[i];
        pieces.push({ value: x === undefined || typeof x === 'function' ? null : x });
      }
      pieces.push({ text: ']' });
    } else {
      pieces.push({ text: '{' });
      let shown = 0;
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined || typeof x === 'function') continue;
        if (shown++ > 0) pieces.push({ text: ',' });
        pieces.push({ text: `${scalarJson(k, limit)}:` }, { value: x });
        if (shown >= limit - out.length) break;
      }
      pieces.push({ text: '}' });
    }
    for (let i = pieces.length - 1; i >= 0; i--) stack.push(pieces[i]!);
  }
  return out;
}

function scalarJson(v: unknown, room: number): string {
  if (typeof v === 'string') return JSON.stringify(v.length > room ? v.slice(0, room) : v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return String(v);
  return 'null';
}
