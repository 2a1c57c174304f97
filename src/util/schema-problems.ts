import type { ErrorObject } from 'ajv';
import type { Problem } from '../errors.js';

/**
 * The one formatter for JSON-schema (ajv) errors, used for cassettes, overlays and options,
 * so the same mistake reads the same wherever it is made: `unknown field "x"`, `missing
 * required field "y"`, `expected integer`, `expected one of "a", "b"`…
 *
 * ajv reports more than a person can act on (each branch of a failed `oneOf`, an unknown
 * discriminator both as an enum and as a mapping error, an `anyOf` as its branches and
 * itself); {@link schemaProblems} keeps one line per spot, the most specific one.
 */

/** What a schema's own words say better than the generic ones. */
export interface SchemaVocabulary {
  /** A failed `oneOf` where no deeper error explains it: which shapes are allowed. */
  oneOf?: string;
  /** A failed `not`: which fields cannot go together. */
  not?: string;
  /** Known values of a discriminator tag (fault kinds), for `unknown kind "x"; known kinds: …`. */
  discriminatorValues?: readonly string[];
  /** What the discriminator's values are called (default `kind`, e.g. `fault kind`). */
  discriminatorName?: string;
  /** What a property name (`propertyNames`) must look like. */
  propertyName?: string;
}

/** At most this many problems per document: the first ones are what a person fixes first. */
const MAX_PROBLEMS = 50;

/** ajv errors → one located problem per spot (pointer prefixed with `prefix`), deduplicated. */
export function schemaProblems(errors: readonly ErrorObject[], vocabulary: SchemaVocabulary = {}, prefix = ''): Problem[] {
  const kept = prune(errors);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of kept.length > 0 ? kept : errors) {
    const message = describeSchemaError(e, errors, vocabulary);
    const pointer = `${prefix}${e.instancePath}`;
    const id = `${pointer}\0${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ pointer, message });
  }
  return problems.slice(0, MAX_PROBLEMS);
}

function prune(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const unknownTag = new Set(errors.filter((e) => e.keyword === 'discriminator').map((e) => e.instancePath));
  const kept = errors.filter((e) => {
    // A failed if/then/else branch is explained by the branch's own errors.
    if (e.keyword === 'if') return false;
    // Each branch of a failed oneOf says why it was not chosen (missing `match`, missing
    // `request`…): noise next to the oneOf's own line or a deeper, specific error.
    if (/\/oneOf\/\d+\/(required|not)/.test(e.schemaPath) || (e.keyword === 'not' && /\/oneOf\//.test(e.schemaPath))) return false;
    // An anyOf's branches are folded into its own line ("needs a or b", "expected x, or y").
    if (anyOfs.some((a) => a.instancePath === e.instancePath && e.schemaPath.startsWith(`${a.schemaPath}/`))) return false;
    if (e.keyword === 'required' && e.schemaPath.includes('/anyOf/')) return false;
    // An unknown discriminator value is said once, by the discriminator.
    if (e.keyword === 'enum' && unknownTag.has(e.instancePath.replace(/\/[^/]*$/, ''))) return false;
    if (
      e.keyword === 'discriminator' &&
      (e.params as { error?: string }).error === 'tag' &&
      errors.some((o) => o.keyword === 'required' && o.instancePath === e.instancePath)
    )
      return false;
    if (e.keyword === 'pattern' && errors.some((o) => o.keyword === 'propertyNames' && o.instancePath === e.instancePath)) return false;
    return true;
  });
  // A oneOf whose failure a deeper error already explains says nothing more.
  return kept.filter(
    (e) =>
      !['oneOf', 'anyOf'].includes(e.keyword) ||
      !kept.some((o) => o !== e && o.keyword !== e.keyword && o.instancePath.startsWith(`${e.instancePath}/`)),
  );
}

/** One ajv error in words: what was expected (or what is unknown or missing). */
export function describeSchemaError(e: ErrorObject, all: readonly ErrorObject[] = [], vocabulary: SchemaVocabulary = {}): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown field ${JSON.stringify(p.additionalProperty)}`;
    case 'required':
      return `missing required field ${JSON.stringify(p.missingProperty)}`;
    case 'type':
      return `expected ${article(String(p.type))}`;
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `does not match the pattern ${String(p.pattern)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `expected a number ${String(p.comparison)} ${String(p.limit)}`;
    case 'minLength':
      return p.limit === 1 ? 'expected a non-empty string' : `expected at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `expected at most ${String(p.limit)} characters`;
    case 'minItems':
      return `expected at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `expected at most ${String(p.limit)} items`;
    case 'discriminator':
      return p.error === 'mapping'
        ? `unknown ${vocabulary.discriminatorName ?? 'kind'} ${JSON.stringify(p.tagValue)}${vocabulary.discriminatorValues ? `; known kinds: ${vocabulary.discriminatorValues.join(', ')}` : ''}`
        : `"${String(p.tag)}" must be a string${vocabulary.discriminatorValues ? ` (one of: ${vocabulary.discriminatorValues.join(', ')})` : ''}`;
    case 'propertyNames':
      return `name ${JSON.stringify(p.propertyName)} is not allowed${vocabulary.propertyName ? `: ${vocabulary.propertyName}` : ''}`;
    case 'anyOf':
      return anyOfMessage(e, all);
    case 'oneOf':
      return vocabulary.oneOf ?? 'matches none (or several) of the allowed shapes';
    case 'not':
      return vocabulary.not ?? 'has fields that cannot go together';
    default:
      return e.message ?? e.keyword;
  }
}

/** Which of the alternatives was expected: the anyOf branches' `required`, or their types and values. */
function anyOfMessage(e: ErrorObject, all: readonly ErrorObject[]): string {
  const branches = all.filter((o) => o.instancePath === e.instancePath && o.schemaPath.startsWith(`${e.schemaPath}/`));
  const needed = branches.filter((o) => o.keyword === 'required').map((o) => JSON.stringify((o.params as { missingProperty: string }).missingProperty));
  if (needed.length > 0) return `needs ${[...new Set(needed)].join(' or ')}`;
  const alternatives = branches.map((o) => describeSchemaError(o).replace(/^expected /, '')).filter((s) => !s.startsWith('unknown'));
  return alternatives.length > 0 ? `expected ${[...new Set(alternatives)].join(', or ')}` : 'matches none of the allowed forms';
}

function article(type: string): string {
  return type.includes(',') ? type.split(',').join(' or ') : type;
}
