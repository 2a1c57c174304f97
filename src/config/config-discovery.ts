import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, MockllmError } from '../errors.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js';

/** The options file found in the working directory without `--config`. */
export const CONFIG_FILE_NAME = 'mockllm.config.json';

/** Options found without `--config`, and where, so an error can name the file and pointer. */
export interface DiscoveredConfig {
  /** The file as the user knows it: `mockllm.config.json` or `package.json` (relative to the working directory). */
  readonly file: string;
  /** Where the options sit in that file: `` (the whole file) or `/mockllm` (package.json). */
  readonly pointer: string;
  readonly options: Record<string, unknown>;
}

/**
 * Looks for options in `cwd`: `mockllm.config.json`, else a `mockllm` key in
 * `package.json`. Only the working directory, never its parents, so a command never picks
 * up a file the user did not put next to it. A file that exists but cannot be used is a
 * user mistake: the error names the file and the JSON pointer.
 */
export function discoverConfig(cwd: string): DiscoveredConfig | undefined {
  const own = join(cwd, CONFIG_FILE_NAME);
  if (existsSync(own)) return { file: CONFIG_FILE_NAME, pointer: '', options: optionsObject(readJson(own, CONFIG_FILE_NAME), CONFIG_FILE_NAME, '') };
  const pkg = join(cwd, 'package.json');
  if (!existsSync(pkg)) return undefined;
  const manifest = readJson(pkg, 'package.json');
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest) || !('mockllm' in manifest)) return undefined;
  return { file: 'package.json', pointer: '/mockllm', options: optionsObject((manifest as Record<string, unknown>).mockllm, 'package.json', '/mockllm') };
}

/** Parses a JSON file; both failures name it. */
export function readJson(path: string, shownAs: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `cannot read config file ${shownAs}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `config file ${shownAs} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Reads a `--config` JSON file: an object of options; errors name the file. */
export function readConfigFile(file: string): Record<string, unknown> {
  return optionsObject(readJson(file, file), file, '');
}

function optionsObject(value: unknown, file: string, pointer: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `config file ${file}: ${pointer || '/'}: expected an object of options (camelCase names, e.g. {"cassettes": "test/cassettes"})`);
  const deep = tooDeepAt(value);
  if (deep !== undefined) throw new MockllmError(ErrorCodes.INVALID_OPTIONS, `config file ${file}: ${pointer}${deep}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  return value as Record<string, unknown>;
}
