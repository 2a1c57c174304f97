import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { ErrorCodes, MockllmError } from '../errors.js';
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
  readonly timing: 'fast' | 'recorded' | number;
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

export const OPTIONS_SCHEMA_PATH = new URL('../../schemas/options.schema.json', import.meta.url);
const OPTION_NAMES: readonly string[] = Object.keys(
  (JSON.parse(readFileSync(OPTIONS_SCHEMA_PATH, 'utf8')) as { properties: Record<string, unknown> }).properties,
);

let validator: ValidateFunction | undefined;
function compiled(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
    validator = ajv.compile(JSON.parse(readFileSync(OPTIONS_SCHEMA_PATH, 'utf8')));
  }
  return validator;
}

/** `recordMode` → `--record-mode`, how a CLI user knows the option. */
export function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `recordMode` → `MOCKLLM_RECORD_MODE`. */
export function envName(option: string): string {
  return `MOCKLLM_${option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/**
 * Validates options once at the boundary, fills defaults, freezes. `origin` names where
 * they came from, so an error says which file or flag to fix.
 */
export function validateOptions(mode: ServerMode, input: Record<string, unknown>, origin = 'options'): ServerOptions {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) copy[k] = Array.isArray(v) ? [...v] : v;
  const validate = compiled();
  if (!validate(copy)) {
    const lines = (validate.errors ?? []).map((e) => {
      const field = e.instancePath.replace(/^\//, '').split('/')[0] || String((e.params as { additionalProperty?: string }).additionalProperty ?? '');
      const what =
        e.keyword === 'additionalProperties'
          ? `unknown option ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`
          : `${flagName(field)}: ${e.message ?? 'invalid'}`;
      return `${origin}: ${e.instancePath || '/'}: ${what}`;
    });
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `invalid options (${origin})`, [...new Set(lines)]);
  }
  if (mode === 'record' && !copy.upstream)
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, 'record needs --upstream URL (e.g. https://api.openai.com or http://localhost:11434)');
  if (typeof copy.timing === 'string' && !['fast', 'recorded'].includes(copy.timing))
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `${origin}: --timing must be fast, recorded or a number`);
  for (const p of (copy.redactPattern as string[]) ?? []) {
    try {
      new RegExp(p);
    } catch (e) {
      throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `${origin}: --redact-pattern ${JSON.stringify(p)} is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  return Object.freeze(copy) as unknown as ServerOptions;
}

/** The timing option as a factor on recorded offsets (0 = fast). */
export function timingFactor(timing: ServerOptions['timing']): number {
  if (timing === 'fast') return 0;
  if (timing === 'recorded') return 1;
  return timing;
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
  return value as Record<string, unknown>;
}

/** Options from MOCKLLM_* variables, converted to their schema types. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const props = (JSON.parse(readFileSync(OPTIONS_SCHEMA_PATH, 'utf8')) as { properties: Record<string, { type?: string; anyOf?: unknown }> }).properties;
  const out: Record<string, unknown> = {};
  for (const name of OPTION_NAMES) {
    const raw = env[envName(name)];
    if (raw === undefined || raw === '') continue;
    const type = props[name]?.type;
    if (type === 'integer' || type === 'number') out[name] = Number(raw);
    else if (type === 'boolean') out[name] = /^(1|true|yes|on)$/i.test(raw);
    else if (type === 'array') out[name] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else if (name === 'timing' && raw !== 'fast' && raw !== 'recorded' && !Number.isNaN(Number(raw))) out[name] = Number(raw);
    else out[name] = raw;
  }
  return out;
}

/** Config file < environment < flags; then validated. */
export function resolveOptions(
  mode: ServerMode,
  sources: { flags: Record<string, unknown>; env?: NodeJS.ProcessEnv; configFile?: string },
): ServerOptions {
  const fromFile = sources.configFile ? readConfigFile(sources.configFile) : {};
  if (sources.configFile) validateOptionsShape(fromFile, sources.configFile);
  const merged = { ...fromFile, ...optionsFromEnv(sources.env ?? {}), ...dropUndefined(sources.flags) };
  return validateOptions(mode, merged, sources.configFile ? `flags/env/${sources.configFile}` : 'flags/env');
}

function validateOptionsShape(value: Record<string, unknown>, file: string): void {
  for (const k of Object.keys(value))
    if (!OPTION_NAMES.includes(k))
      throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `config file ${file}: /${k}: unknown option; known: ${OPTION_NAMES.join(', ')}`);
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
