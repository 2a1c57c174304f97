import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Problem } from '../errors.js';
import { handwrittenProblems } from '../handwritten/validate-handwritten.js';
import { requestKey, type KeyOptions } from '../match/request-key.js';
import { schemaProblems, type SchemaVocabulary } from '../util/schema-problems.js';
import { documentDepthProblem, servableProblems } from './servable-checks.js';
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

export interface ValidationOptions {
  key: KeyOptions;
  /** Report stored keys that disagree with the request (validate does; replay only recomputes). */
  checkStoredKeys: boolean;
}

/** What the cassette schema's alternatives mean, for its one-line problems. */
const CASSETTE_VOCABULARY: SchemaVocabulary = {
  oneOf:
    'matches none (or several) of the allowed shapes: an interaction has request+response (recorded) or match+reply / match+response (hand-written); a body has exactly one of json, text, base64; an event exactly one of data, text, raw, base64',
  not: 'has fields that cannot go together (e.g. body and stream in one response)',
};

/**
 * Schema + semantic problems of a parsed cassette, each with its JSON pointer. Empty = valid.
 * Every check is called from here, never registered from elsewhere: the answer is the same
 * whatever the caller imported before (library, CLI, server).
 *
 * In order: nesting depth (before anything recursive walks the document), the schema,
 * then the semantic checks: duplicate ids, stored keys (`checkStoredKeys`), what replay
 * could not serve (too-deep request bodies, invalid header values), hand-written parts.
 */
export function cassetteProblems(value: unknown, options: ValidationOptions): Problem[] {
  const deep = documentDepthProblem(value);
  if (deep) return [deep];
  const validate = schemaValidator();
  if (!validate(value)) return schemaProblems(validate.errors ?? [], CASSETTE_VOCABULARY);
  const cassette = value as Cassette;
  const problems: Problem[] = servableProblems(cassette);
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
  problems.push(...handwrittenProblems(cassette));
  return problems;
}
