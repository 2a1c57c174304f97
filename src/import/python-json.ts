import type { Document, Node } from 'yaml';
import { PYYAML_FLOAT } from './yaml-source.js';
import type { YamlModule } from './yaml-source.js';

/**
 * The text Python's `json.dumps(value)` (default arguments) gives for a YAML value as
 * PyYAML loads it: `", "` and `": "` separators, non-ASCII escaped (`ensure_ascii`), keys
 * in file order, Python's float repr (`1e-05`, `1.0`), integers exactly as written.
 *
 * pydantic-ai's vcrpy cassettes store JSON bodies as a YAML mapping (`parsed_body`) and
 * hand vcrpy `json.dumps(parsed_body)` when they load; those are the bytes its replays
 * served, so they are the bytes mockllm imports. Works on the YAML nodes, not the JS
 * value: whether `1.0` is a float and what a 20-digit integer is are in the source text.
 */
export function pythonJsonDumps(yaml: YamlModule, doc: Document.Parsed, node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'null';
  if (yaml.isAlias(node)) return pythonJsonDumps(yaml, doc, node.resolve(doc));
  if (yaml.isMap(node)) {
    const members = node.items.map((pair) => `${pythonKey(yaml, pair.key)}: ${pythonJsonDumps(yaml, doc, pair.value as Node | null)}`);
    return `{${members.join(', ')}}`;
  }
  if (yaml.isSeq(node)) return `[${node.items.map((item) => pythonJsonDumps(yaml, doc, item as Node | null)).join(', ')}]`;
  if (!yaml.isScalar(node)) throw new TypeError('unsupported YAML node');
  const value = node.value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'number') return pythonNumber(value, node.source);
  throw new TypeError(`a ${value instanceof Uint8Array ? 'binary' : typeof value} value cannot be JSON`);
}

function pythonKey(yaml: YamlModule, key: unknown): string {
  // json.dumps turns None/bool/number keys into their JSON spelling, as strings.
  const v = yaml.isScalar(key) ? key.value : key;
  if (typeof v === 'string') return pythonString(v);
  if (typeof v === 'number') return `"${pythonNumber(v, yaml.isScalar(key) ? key.source : undefined)}"`;
  return `"${v === null || v === undefined ? 'null' : String(v)}"`;
}

function pythonNumber(value: number, source: string | undefined): string {
  const isFloat = source !== undefined ? PYYAML_FLOAT.test(source) : !Number.isInteger(value);
  if (isFloat) return pythonFloat(value);
  // Python ints are exact at any size: print the digits as written when they are decimal.
  const decimal = source?.replace(/_/g, '');
  if (decimal !== undefined && /^[-+]?(?:0|[1-9][0-9]*)$/.test(decimal)) return BigInt(decimal).toString();
  return String(value);
}

/** Python's `repr(float)`: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const sign = x < 0 ? '-' : '';
  if (e < -4 || e >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${frac}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const int = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const frac = digits.slice(e + 1) || '0';
  return `${sign}${int}.${frac}`;
}

/** A JSON string as Python writes it with `ensure_ascii`: everything outside space..tilde escaped. */
export function pythonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else out += ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

const ESCAPES: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };
