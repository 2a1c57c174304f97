import { escapeToken } from './json-pointer.js';

/**
 * How deep JSON may nest in anything mockllm reads: request bodies, cassettes, overlay and
 * config files, admin bodies. The limit is what lets every other walk over JSON (the key's
 * canonical form, diffs, redaction, subset matching, `JSON.stringify`) be plainly
 * recursive: V8 itself gives up on `JSON.stringify` and `structuredClone` a few thousand
 * levels down, and a body nested 7,000 deep used to overflow the stack in the key. Real
 * LLM requests nest a dozen levels; 1,000 leaves room for any honest payload.
 *
 * The check runs once, where a document is parsed: `JSON.parse` itself is iterative in V8,
 * and so is this walk.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Whether `value` nests containers (objects, arrays) more than `limit` levels deep: a
 * top-level object is depth 1. Iterative; stops at the first container past the limit.
 */
export function jsonDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  // Two parallel stacks instead of one of pairs: no allocation per node.
  const values: object[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (let i = 0; i < children.length; i++) {
      const child: unknown = children[i];
      if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * The JSON pointer of the first container nested more than `limit` levels deep, or
 * undefined. For error messages: only called once a document is known to be too deep
 * (or at load, where a pointer is what the user needs), so it may keep a path.
 */
export function tooDeepAt(value: unknown, limit: number = MAX_JSON_DEPTH): string | undefined {
  if (!jsonDeeperThan(value, limit)) return undefined;
  // Depth-first with a path: the frames are (container, its keys, next index).
  interface Frame {
    value: object;
    keys: string[];
    next: number;
  }
  const path: string[] = [];
  const frames: Frame[] = [{ value: value as object, keys: Object.keys(value as object), next: 0 }];
  while (frames.length > 0) {
    const top = frames[frames.length - 1]!;
    if (frames.length > limit) return `/${path.map(escapeToken).join('/')}`;
    if (top.next >= top.keys.length) {
      frames.pop();
      path.pop();
      continue;
    }
    const key = top.keys[top.next++]!;
    const child = (top.value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object') {
      path.push(key);
      frames.push({ value: child, keys: Object.keys(child), next: 0 });
    }
  }
  return undefined;
}

/**
 * A lower bound on the bytes a JSON text nested more than `limit` deep needs: one opening
 * and one closing bracket per level. Shorter texts need no depth check at all.
 */
export function mayNestDeeperThan(textLength: number, limit: number = MAX_JSON_DEPTH): boolean {
  return textLength > 2 * limit;
}
