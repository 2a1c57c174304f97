import type { Argv, Options } from 'yargs';
import { CONFIG_FILE_NAME, discoverConfig } from '../config/config-discovery.js';
import { coerceOptionText, flagName, OPTION_NAMES, optionProperty } from '../config/option-schema.js';
import { resolveOptions, type ServerOptions } from '../config/options.js';

/**
 * The flags of `replay`, `record` (and any command that starts a server), derived from
 * `schemas/options.schema.json`: one flag per option whose `x-cli.commands` names the
 * command (default: replay and record), its help from `description`, its aliases from
 * `x-cli.alias`. Adding an option is one schema entry; nothing here lists options.
 *
 * No yargs defaults and no yargs types beyond string/boolean/array: an absent flag stays
 * undefined so the environment and config file can fill it (flags > env > config >
 * defaults), and a value that does not fit (`--port abc`) reaches schema validation as the
 * user wrote it, which names the flag and what was expected in one line.
 */
export function serverFlags<T>(y: Argv<T>, command: string = 'replay') {
  let out = y.option('config', {
    type: 'string',
    describe: `JSON options file (camelCase keys); without it, ./${CONFIG_FILE_NAME} or package.json's "mockllm" key; --no-config: neither`,
  });
  for (const name of flagOptionNames(command)) out = out.option(flagName(name).slice(2), yargsOption(name));
  return out;
}

/** Option keys that are flags of `command`, in schema order. */
export function flagOptionNames(command: string): string[] {
  return OPTION_NAMES.filter((name) => (optionProperty(name)?.['x-cli']?.commands ?? DEFAULT_FLAG_COMMANDS).includes(command));
}

/** The commands an option is a flag of when its `x-cli.commands` does not say. */
const DEFAULT_FLAG_COMMANDS = ['replay', 'record', 'run'];

function yargsOption(name: string): Options {
  const p = optionProperty(name)!;
  const cli = p['x-cli'] ?? {};
  const option: Options = {
    type: p.type === 'boolean' ? 'boolean' : 'string',
    describe: describe(name),
  };
  if (p.type === 'array') option.array = true;
  if (cli.alias !== undefined) option.alias = cli.alias;
  if (cli.hidden) option.hidden = true;
  // Choices are left to the schema, so a wrong value gets the same one-line error as in a config file.
  return option;
}

/** The schema's description, with the allowed values and the default when the schema says them. */
function describe(name: string): string {
  const p = optionProperty(name)!;
  const parts = [p.description?.replace(/\.$/, '') ?? name];
  const values = p.enum ?? p.anyOf?.flatMap((b) => b.enum ?? (b.type === 'number' ? ['<number>'] : []));
  if (values && values.length > 0 && !parts[0]!.includes(String(values[0]))) parts.push(`(${values.join(' | ')})`);
  if (p.default !== undefined && !(Array.isArray(p.default) && p.default.length === 0)) parts.push(`[${JSON.stringify(p.default)}]`);
  return parts.join(' ');
}

/**
 * Options from parsed argv (flag texts converted by the schema), environment, `--config`
 * file and the file discovered in the working directory (unless `--no-config`), over the
 * command's own `defaults`; validated.
 */
export function optionsFromArgv(mode: string, argv: Record<string, unknown>, command: string = mode, defaults: Record<string, unknown> = {}): ServerOptions {
  const flags: Record<string, unknown> = {};
  for (const name of flagOptionNames(command)) {
    const value = argv[name];
    if (value === undefined) continue;
    flags[name] = typeof value === 'string' ? coerceOptionText(name, value) : value;
  }
  const discovered = argv.config === false ? undefined : discoverConfig(process.cwd());
  return resolveOptions(mode === 'record' ? 'record' : 'replay', {
    defaults,
    flags,
    env: process.env,
    ...(discovered ? { discovered } : {}),
    ...(typeof argv.config === 'string' ? { configFile: argv.config } : {}),
  });
}
