import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Problem } from '../errors.js';
import { requestKey, type KeyOptions } from '../match/request-key.js';
import { isHandWritten, type Cassette } from './types.js';

const require = createRequire(import.meta.url);
// ajv ships CommonJS; its default export is the class.
const Ajv = require('ajv') as typeof import('ajv').default;

export const CASSETTE_SCHEMA_PATH = new URL('../../schemas/cassette.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    compiled = ajv.compile(JSON.parse(readFileSync(CASSETTE_SCHEMA_PATH, 'utf8')));
  }
  return compiled;
}

/** Extra semantic checks on hand-written parts; registered by the hand-written module. */
export type SemanticCheck = (cassette: Cassette) => Problem[];
const semanticChecks: SemanticCheck[] = [];
export function registerSemanticCheck(check: SemanticCheck): void {
  semanticChecks.push(check);
}

export interface ValidationOptions {
  key: KeyOptions;
  /** Report stored keys that disagree with the request (validate does; replay only recomputes). */
  checkStoredKeys: boolean;
}

/** Schema + semantic problems of a parsed cassette, each with its JSON pointer. Empty = valid. */
export function cassetteProblems(value: unknown, options: ValidationOptions): Problem[] {
  const validate = schemaValidator();
  if (!validate(value)) return schemaProblems(validate.errors ?? []);
  const cassette = value as Cassette;
  const problems: Problem[] = [];
  const ids = new Map<string, number>();
  cassette.interactions.forEach((interaction, i) => {
    if (interaction.id !== undefined) {
      const first = ids.get(interaction.id);
      if (first !== undefined)
        problems.push({ pointer: `/interactions/${i}/id`, message: `duplicate id ${JSON.stringify(interaction.id)} (first used by /interactions/${first}); ids must be unique in a cassette` });
      else ids.set(interaction.id, i);
    }
    if (isHandWritten(interaction)) return;
    if (options.checkStoredKeys && interaction.key !== undefined) {
      const actual = requestKey(interaction.request, options.key);
      if (actual !== interaction.key)
        problems.push({
          pointer: `/interactions/${i}/key`,
          message: `stored key ${interaction.key.slice(0, 12)}… does not match the request (it hashes to ${actual.slice(0, 12)}…); the request was edited: remove the key or run \`mockllm validate --fix\``,
        });
    }
  });
  for (const check of semanticChecks) problems.push(...check(cassette));
  return problems;
}

/**
 * Turns ajv's errors into one readable line per problem. A failed `oneOf` makes ajv report
 * every branch's selector errors (missing `match`, missing `request`…): those are noise, so
 * they are dropped and the one summary line for the `oneOf` is kept — unless a deeper,
 * more specific error explains the same spot.
 */
function schemaProblems(errors: ErrorObject[]): Problem[] {
  const branchSelector = (e: ErrorObject) =>
    /\/oneOf\/\d+\/(required|not)/.test(e.schemaPath) || (e.keyword === 'not' && /\/oneOf\//.test(e.schemaPath));
  const kept = errors.filter((e) => !branchSelector(e) && e.keyword !== 'anyOf');
  const specific = kept.filter(
    (e) => e.keyword !== 'oneOf' || !kept.some((o) => o !== e && o.keyword !== 'oneOf' && o.instancePath.startsWith(`${e.instancePath}/`)),
  );
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of specific.length > 0 ? specific : errors) {
    const message = describe(e);
    const id = `${e.instancePath}\0${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ pointer: e.instancePath, message });
  }
  return problems.slice(0, 50);
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown field ${JSON.stringify(p.additionalProperty)}`;
    case 'required':
      return `missing required field ${JSON.stringify(p.missingProperty)}`;
    case 'type':
      return `expected ${String(p.type)}`;
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `does not match the pattern ${String(p.pattern)}`;
    case 'oneOf':
      return 'matches none (or several) of the allowed shapes: an interaction has request+response (recorded) or match+reply / match+response (hand-written); a body has exactly one of json, text, base64; an event exactly one of data, text, raw, base64';
    case 'not':
      return 'has fields that cannot go together (e.g. body and stream in one response)';
    default:
      return e.message ?? e.keyword;
  }
}
