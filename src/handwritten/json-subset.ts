import { escapeToken } from '../util/json-pointer.js';
import { quote } from './text-pattern.js';

/**
 * Deep partial equality: every key of `subset` must exist in `actual` with a matching value;
 * arrays compare by position and `subset` may be shorter than `actual`; primitives compare
 * strictly. Returns a one-line explanation of the first difference (with its JSON pointer),
 * or undefined when `subset` is contained in `actual`.
 */
export function subsetMismatch(subset: unknown, actual: unknown, pointer = ''): string | undefined {
  const at = pointer === '' ? '/' : pointer;
  if (Array.isArray(subset)) {
    if (!Array.isArray(actual)) return `at ${at} wanted an array but got ${show(actual)}`;
    if (subset.length > actual.length) return `at ${at} wanted at least ${subset.length} items but got ${actual.length}`;
    for (let i = 0; i < subset.length; i++) {
      const m = subsetMismatch(subset[i], actual[i], `${pointer}/${i}`);
      if (m) return m;
    }
    return undefined;
  }
  if (subset !== null && typeof subset === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `at ${at} wanted an object but got ${show(actual)}`;
    const obj = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(subset as Record<string, unknown>)) {
      const child = `${pointer}/${escapeToken(key)}`;
      if (!Object.prototype.hasOwnProperty.call(obj, key)) return `at ${child} wanted ${show(value)} but the field is missing`;
      const m = subsetMismatch(value, obj[key], child);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(subset, actual) || subset === actual ? undefined : `at ${at} wanted ${show(subset)} but got ${show(actual)}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return quote(value, 40);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
