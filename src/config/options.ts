import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { cassetteNameProblem } from '../cassette/cassette-name.js';
import { ErrorCodes, MockllmError, type ErrorCode } from '../errors.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js';
import { linearRegexProblem } from '../util/linear-regex.js';
import { schemaProblems } from '../util/schema-problems.js';
import { coerceOptionText, envName, flagName, OPTION_NAMES, OPTIONS_SCHEMA } from './option-schema.js';
import type { RecordMode, ServerMode } from '../modes.js';
import type { LogLevel } from '../util/logger.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;

/** Options of a mockllm server, validated and with defaults filled. Frozen. */
export interface ServerOptions {
  readonly cassettes: string;
  readonly cassette?: string;
  readonly host: string;
  readonly port: number;
  /** See {@link ../replay/timing-factor.ts}: `auto` (default), `fast`, `recorded` or a factor. */
  readonly timing: 'auto' | 'fast' | 'recorded' | number;
  readonly overlay: readonly string[];
  readonly strict: boolean;
  readonly watch: boolean;
  readonly logRequests: boolean;
  readonly logFile?: string;
  readonly logPretty: boolean;
  readonly logLevel: LogLevel;
  readonly cors?: string;
  readonly maxBodyBytes: number;
  readonly ignore: readonly string[];
  readonly matchHeaders: readonly string[];
  readonly upstream?: string;
  readonly recordMode: RecordMode;
  readonly redactHeader: readonly string[];
  readonly redactPattern: readonly string[];
  readonly redactPointer: readonly string[];
  readonly upstreamTimeoutMs: number;
  readonly seed: number;
  readonly detach: boolean;
  readonly pidFile?: string;
}

/** What a caller may pass: every option optional. */
export type ServerOptionsInput = { -readonly [K in keyof ServerOptions]?: ServerOptions[K] extends readonly (infer T)[] ? T[] : ServerOptions[K] };

let validator: ValidateFunction | undefined;
function compiled(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
    validator = ajv.compile(OPTIONS_SCHEMA);
  }
  return validator;
}

/**
 * Where each option's value came from, to name it the way the user wrote it: `--port`,
 * `MOCKLLM_PORT`, `mockllm.json: /port`. Options absent here are named by their key
 * (`port`), as the programmatic API spells them.
 */
export type OptionSources = ReadonlyMap<string, string>;

/**
 * Validates options once at the boundary, fills defaults, freezes. `origin` names where
 * they came from (`flags/env`, `startReplay options`), `sources` where each value came from;
 * each problem is one line naming the option as it was given and what was expected.
 */
export function validateOptions(mode: ServerMode, input: Record<string, unknown>, origin = 'options', sources: OptionSources = new Map()): ServerOptions {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) copy[k] = Array.isArray(v) ? [...v] : v;
  const validate = compiled();
  if (!validate(copy)) {
    const lines = schemaProblems(validate.errors ?? []).map((p) => {
      const key = p.pointer.split('/')[1] ?? '';
      const unknown = /^unknown field "(.*)"$/.exec(p.message);
      if (unknown) return `unknown option ${JSON.stringify(unknown[1])} (${sources.get(unknown[1]!) ?? origin}); known: ${OPTION_NAMES.join(', ')}`;
      const rest = p.pointer.split('/').slice(2).join('/');
      return `${nameOf(key, origin, sources)}${rest ? ` /${rest}` : ''}: ${p.message}${given(copy[key], rest)}`;
    });
    throw optionsError(lines);
  }
  if (mode === 'record' && !copy.upstream)
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, 'record needs --upstream URL (e.g. https://api.openai.com or http://localhost:11434)');
  if (typeof copy.cassette === 'string') {
    const problem = cassetteNameProblem(copy.cassette);
    if (problem) throw optionsError([`${nameOf('cassette', origin, sources)}: invalid cassette name ${JSON.stringify(copy.cassette)}: ${problem}`], ErrorCodes.INVALID_CASSETTE_NAME);
  }
  (copy.redactPattern as string[]).forEach((source, i) => {
    const problem = linearRegexProblem(source);
    if (problem) throw optionsError([`${nameOf('redactPattern', origin, sources)} ${JSON.stringify(source)}${sources.has('redactPattern') ? '' : ` (/redactPattern/${i})`}: ${problem}`], ErrorCodes.INVALID_PATTERN);
  });
  return Object.freeze(copy) as unknown as ServerOptions;
}

/** `--port` (flag), `MOCKLLM_PORT` (env), `FILE: /port` (config file), else `port (origin)`. */
function nameOf(key: string, origin: string, sources: OptionSources): string {
  return sources.get(key) ?? `${key} (${origin}: ${flagName(key)})`;
}

/** `, got "abc"`: what was given, for a top-level value short enough to repeat. */
function given(value: unknown, rest: string): string {
  if (rest !== '' || value === undefined) return '';
  const shown = JSON.stringify(value);
  return shown !== undefined && shown.length <= 60 ? `, got ${shown}` : '';
}

/** One problem: one line (the message). Several: a summary line and one detail line each. */
function optionsError(lines: string[], code: ErrorCode = ErrorCodes.INVALID_OPTIONS): MockllmError {
  const unique = [...new Set(lines)];
  if (unique.length === 1) return new MockllmError(code, `invalid option ${unique[0]!}`);
  return new MockllmError(code, `${unique.length} invalid options; fix the lines below`, unique);
}

/** Reads a --config JSON file; errors name the file. */
export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `cannot read config file ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `config file ${file}: /: expected an object of options`);
  const deep = tooDeepAt(value);
  if (deep !== undefined) throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `config file ${file}: ${deep}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  return value as Record<string, unknown>;
}

/** Options from MOCKLLM_* variables, converted to their schema types. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  return fromEnv(env).values;
}

function fromEnv(env: NodeJS.ProcessEnv): { values: Record<string, unknown>; sources: Map<string, string> } {
  const values: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  for (const name of OPTION_NAMES) {
    const raw = env[envName(name)];
    if (raw === undefined || raw === '') continue;
    values[name] = coerceOptionText(name, raw);
    sources.set(name, envName(name));
  }
  return { values, sources };
}

/**
 * Config file < environment < flags; then validated. Flag values are given as parsed
 * (strings where the CLI reads text: `flagsFromArgv` converts them by the schema).
 */
export function resolveOptions(
  mode: ServerMode,
  sources: { flags: Record<string, unknown>; env?: NodeJS.ProcessEnv; configFile?: string },
): ServerOptions {
  const fromFile = sources.configFile ? readConfigFile(sources.configFile) : {};
  const where = new Map<string, string>();
  for (const k of Object.keys(fromFile)) where.set(k, `${sources.configFile}: /${k}`);
  const env = fromEnv(sources.env ?? {});
  for (const [k, v] of env.sources) where.set(k, v);
  const flags = dropUndefined(sources.flags);
  for (const k of Object.keys(flags)) where.set(k, flagName(k));
  const merged = { ...fromFile, ...env.values, ...flags };
  return validateOptions(mode, merged, sources.configFile ? `flags/env/${sources.configFile}` : 'flags/env', where);
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

export { envName, flagName, OPTIONS_SCHEMA_PATH } from './option-schema.js';
