import { parsePointer, setOwn } from '../util/json-pointer.js';
import { REDACTED } from './secret-rules.js';

/**
 * `--redact-pointer`: a copy of `value` where the value at `pointer` (RFC 6901; `*` =
 * any key or index) is replaced by "REDACTED". Missing paths are fine; the same object
 * comes back when nothing was replaced, so callers can tell whether anything changed.
 */
export function redactAtPointer(value: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  return tokens.length === 0 ? value : replaceAt(value, tokens);
}

function replaceAt(value: unknown, tokens: string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = tokens as [string, ...string[]];
  const last = rest.length === 0;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v, i) => {
      if (head !== '*' && String(i) !== head) return v;
      const next = last ? REDACTED : replaceAt(v, rest);
      if (next !== v) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (head !== '*' && k !== head) {
      setOwn(out, k, v);
      continue;
    }
    const next = last ? REDACTED : replaceAt(v, rest);
    if (next !== v) changed = true;
    setOwn(out, k, next);
  }
  return changed ? out : value;
}
