import type { Document, LineCounter, Node, ScalarTag } from 'yaml';
import { invalidImport } from './import-error.js';
import type { SourceFile } from './source-node.js';

/** The `yaml` package, loaded on first use (only `mockllm import vcr` needs it). */
export type YamlModule = typeof import('yaml');

export async function loadYaml(): Promise<YamlModule> {
  return import('yaml');
}

/** A parsed YAML file: its plain value, and its nodes (with source text and lines). */
export interface YamlSource {
  value: unknown;
  doc: Document.Parsed;
  file: SourceFile;
  /** The node at a JSON pointer's tokens (aliases followed). */
  nodeAt(tokens: readonly string[]): Node | undefined;
}

/**
 * Scalars resolved as PyYAML's loader resolves them (YAML 1.1 as PyYAML implements it),
 * since vcrpy cassettes are PyYAML's output: `n: 1` is the key "n" (the `yaml` package's
 * YAML 1.1 schema would read it as the boolean false), `1e5` is a string (PyYAML floats
 * need a dot), `yes`/`on` are booleans, `0o`-less leading-zero integers are octal.
 */
function pyyamlTags(yaml: YamlModule): Array<ScalarTag | 'binary' | ReturnType<typeof collectionTag>> {
  const scalar = (name: string, test: RegExp, resolve: (s: string) => unknown): ScalarTag => ({ tag: `tag:yaml.org,2002:${name}`, default: true, test, resolve });
  const text = (name: string): ScalarTag => ({ tag: `tag:yaml.org,2002:${name}`, resolve: (s: string) => s });
  return [
    scalar('null', /^(?:~|null|Null|NULL|)$/, () => null),
    scalar('bool', /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, (s) => /^(?:y|t|on)/i.test(s)),
    scalar('int', PYYAML_INT, pyyamlInt),
    scalar('float', PYYAML_FLOAT, pyyamlFloat),
    'binary',
    // Python 2 era cassettes tag plain strings and tuples.
    text('python/str'),
    text('python/unicode'),
    collectionTag(yaml, 'python/tuple'),
  ];
}

function collectionTag(yaml: YamlModule, name: string) {
  return { tag: `tag:yaml.org,2002:${name}`, collection: 'seq' as const, nodeClass: yaml.YAMLSeq };
}

export const PYYAML_INT = /^[-+]?(?:0b[0-1_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
export const PYYAML_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function pyyamlInt(source: string): number {
  const s = source.replace(/_/g, '');
  const sign = s.startsWith('-') ? -1 : 1;
  const digits = s.replace(/^[-+]/, '');
  if (digits.includes(':')) return sign * digits.split(':').reduce((n, part) => n * 60 + Number(part), 0);
  if (/^0b/.test(digits)) return sign * parseInt(digits.slice(2), 2);
  if (/^0x/.test(digits)) return sign * parseInt(digits.slice(2), 16);
  if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits.slice(1), 8);
  return sign * Number(digits);
}

function pyyamlFloat(source: string): number {
  const s = source.replace(/_/g, '').toLowerCase();
  if (s.endsWith('.nan')) return Number.NaN;
  if (s.endsWith('.inf')) return s.startsWith('-') ? -Infinity : Infinity;
  return Number(s);
}

/** Aliases may repeat an anchor this often before a file counts as an expansion bomb. */
const MAX_ALIAS_COUNT = 10_000;

/**
 * Parses a YAML input file. A syntax error names its line and column; a tag mockllm does
 * not know (`!!python/object:…`, a custom serializer's type) names its line too, since it
 * marks a variant of the format that cannot be read faithfully.
 */
export function parseYamlSource(text: string, file: string, yaml: YamlModule, what: string): YamlSource {
  const lines = new yaml.LineCounter();
  let doc: Document.Parsed;
  try {
    doc = yaml.parseDocument(text, { schema: 'failsafe', customTags: pyyamlTags(yaml), lineCounter: lines, uniqueKeys: false, prettyErrors: true });
  } catch (e) {
    // Only a nesting deeper than the stack allows gets here; syntax errors are collected below.
    throw invalidImport(file, {}, `cannot be read as YAML: ${(e as Error).message}`);
  }
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw invalidImport(file, at ? { line: at.line, column: at.col } : {}, `not valid YAML, so not a ${what}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const unknownTag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (unknownTag) {
    const at = unknownTag.linePos?.[0];
    const tag = /Unresolved tag: (\S+)/.exec(unknownTag.message)?.[1] ?? 'an unknown tag';
    throw invalidImport(file, at ? { line: at.line, column: at.col } : {}, `unknown ${what} variant: a value tagged ${tag.replace('tag:yaml.org,2002:', '!!')}, which mockllm cannot read`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    throw invalidImport(file, {}, `cannot read the YAML: ${(e as Error).message}`);
  }
  const nodeAt = (tokens: readonly string[]): Node | undefined => nodeAtPath(yaml, doc, tokens);
  const lineOf = (tokens: readonly string[]): number | undefined => {
    const range = nodeAt(tokens)?.range;
    return range ? lineNumber(lines, range[0]) : undefined;
  };
  return { value, doc, file: { name: file, lineOf }, nodeAt };
}

function lineNumber(lines: LineCounter, offset: number): number {
  return lines.linePos(offset).line;
}

function nodeAtPath(yaml: YamlModule, doc: Document.Parsed, tokens: readonly string[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const token of tokens) {
    if (yaml.isAlias(node)) node = node.resolve(doc);
    if (yaml.isSeq(node)) node = node.items[Number(token)];
    else if (yaml.isMap(node)) node = node.items.find((pair) => String(yaml.isScalar(pair.key) ? pair.key.value : pair.key) === token)?.value;
    else return undefined;
  }
  if (yaml.isAlias(node)) node = node.resolve(doc);
  return yaml.isNode(node) ? node : undefined;
}
