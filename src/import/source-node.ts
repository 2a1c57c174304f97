import { validateHeaderName, validateHeaderValue } from 'node:http';
import { escapeToken } from '../util/json-pointer.js';
import { invalidImport } from './import-error.js';

/** What a reader knows about the file a value came from: its name, and lines when it has them (YAML). */
export interface SourceFile {
  /** The file as the user named it (used in every message). */
  name: string;
  /** The line a JSON pointer's value starts on, when the format keeps positions. */
  lineOf?: (tokens: readonly string[]) => number | undefined;
}

const typeName = (v: unknown): string =>
  v === null ? 'null' : v instanceof Uint8Array ? 'binary data' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/**
 * A value inside an input file with its JSON pointer, so every shape check can say where
 * it failed: `node.field('log').field('entries').list()` either gives the entries or
 * throws `file: /log/entries: expected a list but found an object`.
 */
export class SourceNode {
  readonly value: unknown;
  readonly tokens: readonly string[];
  readonly #file: SourceFile;

  constructor(file: SourceFile, value: unknown, tokens: readonly string[] = []) {
    this.#file = file;
    this.value = value;
    this.tokens = tokens;
  }

  get pointer(): string {
    return this.tokens.map((t) => `/${escapeToken(t)}`).join('');
  }

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  /** The member `name` of this object (an absent member gives a node whose value is undefined). */
  field(name: string): SourceNode {
    const record = this.isObject() ? (this.value as Record<string, unknown>) : undefined;
    return new SourceNode(this.#file, record && Object.hasOwn(record, name) ? record[name] : undefined, [...this.tokens, name]);
  }

  isObject(): boolean {
    return this.value !== null && typeof this.value === 'object' && !Array.isArray(this.value) && !(this.value instanceof Uint8Array);
  }

  object(what = 'an object'): this {
    if (!this.isObject()) this.fail(`expected ${what} but found ${this.describe()}`);
    return this;
  }

  list(): SourceNode[] {
    if (!Array.isArray(this.value)) this.fail(`expected a list but found ${this.describe()}`);
    return (this.value as unknown[]).map((v, i) => new SourceNode(this.#file, v, [...this.tokens, String(i)]));
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string but found ${this.describe()}`);
    return this.value as string;
  }

  optionalString(): string | undefined {
    return this.present ? this.string() : undefined;
  }

  number(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail(`expected a number but found ${this.describe()}`);
    return this.value as number;
  }

  optionalNumber(): number | undefined {
    return this.present ? this.number() : undefined;
  }

  /**
   * A header read here, checked as node:http checks what it sends: a name with a space or
   * a value with a CR or LF never came over the wire, and replay could not send it.
   */
  header(name: string, value: string): [string, string] {
    try {
      validateHeaderName(name);
    } catch {
      this.fail(`${JSON.stringify(name)} is not a valid header name`);
    }
    try {
      validateHeaderValue(name, value);
    } catch {
      this.fail(`the value of header ${JSON.stringify(name)} is not a valid header value (a CR, LF or other control character)`);
    }
    return [name, value];
  }

  /** Keys of this object, in file order. */
  keys(): string[] {
    return this.isObject() ? Object.keys(this.value as object) : [];
  }

  describe(): string {
    return this.value === undefined ? 'nothing (the field is missing)' : typeName(this.value);
  }

  /** Throws the one-line import error for this place. */
  fail(message: string): never {
    const line = this.#lineHere();
    throw invalidImport(this.#file.name, line !== undefined ? { pointer: this.pointer, line } : { pointer: this.pointer }, message);
  }

  #lineHere(): number | undefined {
    // A missing member has no line of its own: the nearest enclosing value's line.
    for (let n = this.tokens.length; n >= 0; n--) {
      const line = this.#file.lineOf?.(this.tokens.slice(0, n));
      if (line !== undefined) return line;
    }
    return undefined;
  }
}
