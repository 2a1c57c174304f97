import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Problem } from '../errors.js';
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

function check<T>(validate: ValidateFunction, value: unknown, file: string | undefined, prefix = ''): Checked<T> {
  if (validate(value)) return { ok: true, value: value as T };
  const seen = new Set<string>();
  const problems: Problem[] = [];
  const errors = validate.errors ?? [];
  for (const e of prune(errors)) {
    const p: Problem = { pointer: `${prefix}${e.instancePath}`, message: e.keyword === 'anyOf' ? anyOfMessage(e, errors) : describe(e) };
    if (file !== undefined) p.file = file;
    const id = `${p.pointer}\0${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(p);
  }
  return { ok: false, problems };
}

/**
 * Ajv reports an unknown kind twice (enum and discriminator) and an anyOf as its branches
 * plus itself; keep the errors a person can act on.
 */
function prune(errors: ErrorObject[]): ErrorObject[] {
  const unknownKind = new Set(errors.filter((e) => e.keyword === 'discriminator').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === 'enum' && unknownKind.has(e.instancePath.replace(/\/kind$/, ''))) return false;
    if (e.keyword === 'required' && e.schemaPath.includes('/anyOf/')) return false;
    // A missing kind is said once, not again as "tag must be string".
    if (e.keyword === 'discriminator' && (e.params as { error?: string }).error === 'tag' && errors.some((o) => o.keyword === 'required' && o.instancePath === e.instancePath)) return false;
    if (e.keyword === 'pattern' && errors.some((o) => o.keyword === 'propertyNames' && o.instancePath === e.instancePath)) return false;
    return true;
  });
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'discriminator':
      return params.error === 'mapping'
        ? `unknown fault kind ${JSON.stringify(params.tagValue)}; known kinds: ${FAULT_KIND_NAMES.join(', ')}`
        : `"kind" must be one of: ${FAULT_KIND_NAMES.join(', ')}`;
    case 'additionalProperties':
      return `unknown property ${JSON.stringify(params.additionalProperty)}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'propertyNames':
      return `scenario name ${JSON.stringify(params.propertyName)} may only use letters, digits, _ . and -`;
    default:
      return e.message ?? 'invalid';
  }
}

/** Which of the alternative parameters a kind needs: the anyOf branches' `required`, reported just before it. */
function anyOfMessage(e: ErrorObject, all: ErrorObject[]): string {
  const alternatives = all
    .filter((o) => o.keyword === 'required' && o.instancePath === e.instancePath && o.schemaPath.startsWith(`${e.schemaPath}/`))
    .map((o) => JSON.stringify((o.params as { missingProperty: string }).missingProperty));
  return alternatives.length > 0 ? `needs ${[...new Set(alternatives)].join(' or ')}` : 'must match one of the allowed forms';
}
