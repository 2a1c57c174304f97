import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { cassetteNameProblem } from '../cassette/cassette-name.js';
import { ErrorCodes, MockllmError, type ErrorCode } from '../errors.js';
import { linearRegexProblem } from '../util/linear-regex.js';
import { schemaProblems } from '../util/schema-problems.js';
import { readConfigFile, type DiscoveredConfig } from './config-discovery.js';
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

export { readConfigFile } from './config-discovery.js';

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

/** Where options come from, lowest precedence first (the schema's defaults are below all). */
export interface OptionLayers {
  /** The command's own defaults (`mockllm run`: a free port, warnings only). */
  defaults?: Record<string, unknown>;
  /** Found in the working directory without `--config`: `mockllm.config.json`, package.json's `mockllm`. */
  discovered?: DiscoveredConfig;
  /** `--config FILE`. */
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  flags: Record<string, unknown>;
}

/**
 * Flags > environment > `--config` file > discovered file > command defaults > schema
 * defaults; then validated, each problem naming where its value came from (`--port`,
 * `MOCKLLM_PORT`, `package.json: /mockllm/port`). Flag values are given as parsed (strings
 * where the CLI reads text: `optionsFromArgv` converts them by the schema).
 */
export function resolveOptions(mode: ServerMode, sources: OptionLayers): ServerOptions {
  const { discovered } = sources;
  const fromFile = sources.configFile ? readConfigFile(sources.configFile) : {};
  const where = new Map<string, string>();
  for (const k of Object.keys(discovered?.options ?? {})) where.set(k, `${discovered!.file}: ${discovered!.pointer}/${k}`);
  for (const k of Object.keys(fromFile)) where.set(k, `${sources.configFile}: /${k}`);
  const env = fromEnv(sources.env ?? {});
  for (const [k, v] of env.sources) where.set(k, v);
  const flags = dropUndefined(sources.flags);
  for (const k of Object.keys(flags)) where.set(k, flagName(k));
  const merged = { ...sources.defaults, ...discovered?.options, ...fromFile, ...env.values, ...flags };
  const files = [discovered?.file, sources.configFile].filter((f): f is string => f !== undefined);
  return validateOptions(mode, merged, ['flags/env', ...files].join('/'), where);
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

export { envName, flagName, OPTIONS_SCHEMA_PATH } from './option-schema.js';
