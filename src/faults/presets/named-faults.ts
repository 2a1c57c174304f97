import { FAULT_KIND_NAMES } from '../fault-kinds.js';
import type { FaultKindName, FaultRule } from '../fault-spec.js';
import { SCENARIO_PRESETS } from './scenarios.js';
import { STATUS_PRESET_NAMES } from './status-presets.js';

/** Short names besides the status presets and kind names. `timeout` is what simple mocks call a request that never answers. */
const ALIASES: Readonly<Record<string, Record<string, unknown>>> = {
  timeout: { kind: 'hang' },
};

/** The API-key scenarios a server knows, by name: the built-in ones, and those of its overlay files. */
export interface ScenarioNames {
  get(name: string): FaultRule | undefined;
  names(): Iterable<string>;
}

/** The built-in API-key scenarios (presets/scenarios.ts). */
export const BUILTIN_SCENARIOS: ScenarioNames = {
  get: (name) => (Object.hasOwn(SCENARIO_PRESETS, name) ? SCENARIO_PRESETS[name] : undefined),
  names: () => Object.keys(SCENARIO_PRESETS),
};

/**
 * A fault named in one word — one namespace wherever a fault can be named
 * (`x-mockllm-fault: …`, `?fail=…`, `{"fault": "…"}` in overlay files and the admin API):
 * an HTTP status (`429`), a status preset (`overloaded`), an alias (`timeout`), a kind with
 * its defaults (`truncate`), or an API-key scenario (`ABRUPT_STREAM`, with its `when`).
 * A fresh object each time; undefined when the word names none of them.
 */
export function namedFault(name: string, scenarios: ScenarioNames = BUILTIN_SCENARIOS): Record<string, unknown> | undefined {
  if (/^[1-5]\d\d$/.test(name)) return { kind: 'status', status: Number(name) };
  if ((STATUS_PRESET_NAMES as string[]).includes(name)) return { kind: 'status', preset: name };
  if (Object.hasOwn(ALIASES, name)) return { ...ALIASES[name] };
  if ((FAULT_KIND_NAMES as string[]).includes(name)) return { kind: name as FaultKindName };
  const scenario = scenarios.get(name);
  if (!scenario) return undefined;
  // Only the fault itself: `times` counts a rule's firings, `name` and `note` describe it.
  const { times: _times, name: _name, note: _note, ...fault } = scenario;
  return structuredClone(fault) as Record<string, unknown>;
}

/** What a name may be, for error messages. */
export function knownNames(scenarios: ScenarioNames = BUILTIN_SCENARIOS): string {
  return `an HTTP status (e.g. 429, 500), a preset (${[...STATUS_PRESET_NAMES, ...Object.keys(ALIASES)].join(', ')}) or a kind (${FAULT_KIND_NAMES.join(', ')}), or a scenario (${[...scenarios.names()].join(', ')})`;
}
