import { createHash, type Hash } from 'node:crypto';

/**
 * The request key's canonical JSON — byte for byte what `fast-json-stable-stringify`
 * prints (object keys sorted, array order kept, `undefined` members dropped, non-finite
 * numbers as `null`) — fed straight into a hash instead of built as one string.
 *
 * Why not the package: it recurses (a body nested 7,000 deep overflowed the stack), it
 * looks each object up in the list of its ancestors (quadratic in depth), and it builds
 * the whole text as a rope of millions of pieces that the hash must then flatten: on a
 * 20 MB request that was seconds of work and garbage collection. This walk keeps its own
 * stack and hands the hash 64 KiB at a time. Stored keys stay valid: the text hashed is
 * the same (a unit test compares the two on every capture and on odd values).
 */
export function canonicalJsonSha256(value: unknown): string {
  const sink = new ChunkedHash(createHash('sha256'));
  writeCanonical(value, sink);
  return sink.digestHex();
}

/** The canonical text itself (tests, small values). */
export function canonicalJson(value: unknown): string | undefined {
  const parts: string[] = [];
  const wrote = writeCanonical(value, { write: (s) => parts.push(s) });
  return wrote ? parts.join('') : undefined;
}

interface Sink {
  write(text: string): void;
}

/** Collects small pieces and hashes them in 64 KiB batches: few hash calls, no giant string. */
class ChunkedHash implements Sink {
  readonly #hash: Hash;
  #pending = '';
  constructor(hash: Hash) {
    this.#hash = hash;
  }
  write(text: string): void {
    this.#pending += text;
    if (this.#pending.length >= 65_536) {
      this.#hash.update(this.#pending);
      this.#pending = '';
    }
  }
  digestHex(): string {
    if (this.#pending.length > 0) this.#hash.update(this.#pending);
    return this.#hash.digest('hex');
  }
}

/** What `toJSON` turns a value into, as the package does. */
function resolved(node: unknown): unknown {
  const toJSON = (node as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as () => unknown).call(node) : node;
}

/** Whether a (resolved) value prints anything: `undefined`, functions and symbols do not. */
function prints(node: unknown): boolean {
  return node !== undefined && typeof node !== 'function' && typeof node !== 'symbol';
}

type Frame =
  | { kind: 'array'; items: readonly unknown[]; next: number }
  | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; next: number; wrote: boolean };

/** Writes `value`'s canonical JSON; false when it prints nothing (`undefined` at the top). */
function writeCanonical(value: unknown, out: Sink): boolean {
  const top = resolved(value);
  if (!prints(top)) return false;
  const stack: Frame[] = [];
  // Writes a scalar, or opens a container (pushing its frame).
  const open = (node: unknown): void => {
    if (typeof node === 'number') out.write(Number.isFinite(node) ? `${node}` : 'null');
    else if (node === null) out.write('null');
    else if (typeof node !== 'object') out.write(JSON.stringify(node) ?? 'null');
    else if (Array.isArray(node)) {
      out.write('[');
      stack.push({ kind: 'array', items: node, next: 0 });
    } else {
      out.write('{');
      stack.push({ kind: 'object', obj: node as Record<string, unknown>, keys: Object.keys(node).sort(), next: 0, wrote: false });
    }
  };
  open(top);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.kind === 'array') {
      if (frame.next >= frame.items.length) {
        stack.pop();
        out.write(']');
        continue;
      }
      const i = frame.next++;
      if (i > 0) out.write(',');
      const item = resolved(frame.items[i]);
      if (prints(item)) open(item);
      else out.write('null');
      continue;
    }
    if (frame.next >= frame.keys.length) {
      stack.pop();
      out.write('}');
      continue;
    }
    const key = frame.keys[frame.next++]!;
    const member = resolved(frame.obj[key]);
    if (!prints(member)) continue;
    out.write(`${frame.wrote ? ',' : ''}${JSON.stringify(key)}:`);
    frame.wrote = true;
    open(member);
  }
  return true;
}
