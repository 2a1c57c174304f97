import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Problem } from '../errors.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js';
import { schemaProblems, type SchemaVocabulary } from '../util/schema-problems.js';
import { FAULT_KIND_NAMES } from './fault-kinds.js';
import type { FaultRule, OverlayFile } from './fault-spec.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;

export const OVERLAY_SCHEMA_PATH = new URL('../../schemas/overlay.schema.json', import.meta.url);

interface OverlaySchema {
  $id: string;
  definitions: Record<string, { properties?: Record<string, { type?: string | string[] }> }>;
}

interface Validators {
  schema: OverlaySchema;
  file: ValidateFunction;
  rule: ValidateFunction;
}

let compiled: Validators | undefined;
/** Compiled once per process, on first use (refs not inlined: the schema repeats `when` per kind). */
function validators(): Validators {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(OVERLAY_SCHEMA_PATH, 'utf8')) as OverlaySchema;
    const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true, inlineRefs: false });
    ajv.addSchema(schema);
    compiled = { schema, file: ajv.getSchema(schema.$id)!, rule: ajv.getSchema(`${schema.$id}#/definitions/rule`)! };
  }
  return compiled;
}

/** Compiles the validators now (at server start) rather than on the first faulted request. */
export function compileOverlaySchema(): void {
  validators();
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** An overlay file's content against `schemas/overlay.schema.json`. */
export function checkOverlayFile(value: unknown, file: string): Checked<OverlayFile> {
  return check(validators().file, value, file);
}

/** One rule (a runtime overlay, a programmatic `arm`), `pointer` prefixed to every problem. */
export function checkRule(value: unknown, origin: string, pointer = ''): Checked<FaultRule> {
  return check(validators().rule, value, origin, pointer);
}

/** One fault from a header: its string values become numbers, booleans or null where the kind's schema says so. */
export function checkHeaderRule(value: Record<string, unknown>): Checked<FaultRule> {
  const props = typeof value.kind === 'string' ? validators().schema.definitions[value.kind]?.properties : undefined;
  const coerced: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) coerced[name] = typeof v === 'string' && props?.[name] ? coerce(v, props[name]!.type) : v;
  return check(validators().rule, coerced, undefined);
}

function coerce(value: string, type: string | string[] | undefined): unknown {
  const types = Array.isArray(type) ? type : type ? [type] : [];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('null') && value === 'null') return null;
  return value;
}

/** What the overlay schema's alternatives mean, for its one-line problems. */
const OVERLAY_VOCABULARY: SchemaVocabulary = {
  discriminatorValues: FAULT_KIND_NAMES,
  discriminatorName: 'fault kind',
  propertyName: 'scenario names may only use letters, digits, _ . and -',
};

function check<T>(validate: ValidateFunction, value: unknown, file: string | undefined, prefix = ''): Checked<T> {
  // Nothing recursive (the schema validator included) walks a document nested past the limit.
  const deep = tooDeepAt(value);
  const problems: Problem[] = deep !== undefined
    ? [{ pointer: `${prefix}${deep}`, message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; flatten it` }]
    : validate(value)
      ? []
      : schemaProblems(validate.errors ?? [], OVERLAY_VOCABULARY, prefix);
  if (problems.length === 0) return { ok: true, value: value as T };
  return { ok: false, problems: file === undefined ? problems : problems.map((p) => ({ ...p, file })) };
}
