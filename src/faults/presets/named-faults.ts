import { FAULT_KIND_NAMES } from '../fault-kinds.js';
import type { FaultKindName } from '../fault-spec.js';
import { STATUS_PRESET_NAMES } from './status-presets.js';

/** Short names besides the status presets and kind names. `timeout` is what simple mocks call a request that never answers. */
const ALIASES: Readonly<Record<string, Record<string, unknown>>> = {
  timeout: { kind: 'hang' },
};

/**
 * A fault named in one word, as `x-mockllm-fault: rate_limit` or `?fail=…` write it: an
 * HTTP status (`429`), a status preset (`overloaded`), an alias (`timeout`) or a kind with
 * its defaults (`truncate`). Undefined when the word names none of them.
 */
export function namedFault(name: string): Record<string, unknown> | undefined {
  if (/^[1-5]\d\d$/.test(name)) return { kind: 'status', status: Number(name) };
  if ((STATUS_PRESET_NAMES as string[]).includes(name)) return { kind: 'status', preset: name };
  if (ALIASES[name]) return { ...ALIASES[name] };
  if ((FAULT_KIND_NAMES as string[]).includes(name)) return { kind: name as FaultKindName };
  return undefined;
}

export function knownNames(): string {
  return `an HTTP status (e.g. 429, 500), a preset (${[...STATUS_PRESET_NAMES, ...Object.keys(ALIASES)].join(', ')}) or a kind (${FAULT_KIND_NAMES.join(', ')})`;
}
