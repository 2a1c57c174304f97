import { readFileSync } from 'node:fs';

/**
 * `schemas/options.schema.json` as the one list of server options. Each property is an
 * option; its flag (`--record-mode`), environment variable (`MOCKLLM_RECORD_MODE`), config
 * key (`recordMode`), CLI type and help text are all derived from it, so adding an option
 * is one schema entry. `x-cli` holds what only the CLI needs.
 */

/** CLI-only metadata of an option (`x-cli` in the schema). */
export interface OptionCli {
  /** Commands whose flags include it; default replay, record and run. */
  commands?: string[];
  /** Short flag aliases (`p` → `-p`). */
  alias?: string | string[];
  /** Left out of `--help`. */
  hidden?: boolean;
}

/** One property of the options schema, as far as the CLI and the environment read it. */
export interface OptionProperty {
  type?: string;
  enum?: unknown[];
  anyOf?: OptionProperty[];
  items?: OptionProperty;
  default?: unknown;
  description?: string;
  'x-cli'?: OptionCli;
}

export const OPTIONS_SCHEMA_PATH = new URL('../../schemas/options.schema.json', import.meta.url);

/** The parsed schema, read once per process. */
export const OPTIONS_SCHEMA = JSON.parse(readFileSync(OPTIONS_SCHEMA_PATH, 'utf8')) as { properties: Record<string, OptionProperty> } & Record<string, unknown>;

/** Every option key, in schema order. */
export const OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(OPTIONS_SCHEMA.properties));

/** Whether `name` is an option key (an own property of the schema's properties, never a prototype member). */
export function isOptionName(name: string): boolean {
  return Object.hasOwn(OPTIONS_SCHEMA.properties, name);
}

export function optionProperty(name: string): OptionProperty | undefined {
  return isOptionName(name) ? OPTIONS_SCHEMA.properties[name] : undefined;
}

/** `recordMode` → `--record-mode`, how a CLI user knows the option. */
export function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `recordMode` → `MOCKLLM_RECORD_MODE`. */
export function envName(option: string): string {
  return `MOCKLLM_${option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The JSON types an option takes (`anyOf` branches included), e.g. `['string']` or `['string', 'number']`. */
export function optionTypes(name: string): string[] {
  const p = optionProperty(name);
  if (!p) return [];
  const branches = p.anyOf ?? [p];
  return [...new Set(branches.flatMap((b) => (b.type ? [b.type] : b.enum ? [...new Set(b.enum.map((v) => typeof v))] : [])))];
}

const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * A flag's or environment variable's text as the schema type it stands for: numbers where
 * a number is allowed, booleans, comma-separated lists for arrays. Text that does not fit
 * is passed on unchanged, so validation can say what was expected and what was given.
 */
export function coerceOptionText(name: string, raw: string): unknown {
  const p = optionProperty(name);
  if (!p) return raw;
  if (p.type === 'array') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  const types = optionTypes(name);
  if (types.includes('boolean')) {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
  }
  if ((types.includes('integer') || types.includes('number')) && NUMBER.test(raw.trim())) return Number(raw);
  return raw;
}
