import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Problem } from '../errors.js';
import { providerNameProblem } from '../providers/registry.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js';
import { escapeToken } from '../util/json-pointer.js';
import { schemaProblems, type SchemaVocabulary } from '../util/schema-problems.js';
import { FAULT_KIND_NAMES } from './fault-kinds.js';
import type { FaultRule, OverlayFile } from './fault-spec.js';
import { BUILTIN_SCENARIOS, knownNames, namedFault, type ScenarioNames } from './presets/named-faults.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;

export const OVERLAY_SCHEMA_PATH = new URL('../../schemas/overlay.schema.json', import.meta.url);

interface OverlaySchema {
  $id: string;
  definitions: Record<string, { properties?: Record<string, { type?: string | string[] }> }>;
}

interface Validators {
  schema: OverlaySchema;
  file: ValidateFunction;
  rule: ValidateFunction;
}

let compiled: Validators | undefined;
/** Compiled once per process, on first use (refs not inlined: the schema repeats `when` per kind). */
function validators(): Validators {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(OVERLAY_SCHEMA_PATH, 'utf8')) as OverlaySchema;
    const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true, inlineRefs: false });
    ajv.addSchema(schema);
    compiled = { schema, file: ajv.getSchema(schema.$id)!, rule: ajv.getSchema(`${schema.$id}#/definitions/rule`)! };
  }
  return compiled;
}

/** Compiles the validators now (at server start) rather than on the first faulted request. */
export function compileOverlaySchema(): void {
  validators();
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/**
 * An overlay file's content against `schemas/overlay.schema.json`. Rules written as
 * `{"fault": NAME}` are expanded first (see {@link expandNamedRule}); names are the built-in
 * ones and the file's own scenarios.
 */
export function checkOverlayFile(value: unknown, file: string): Checked<OverlayFile> {
  const expanded = expandFileRules(value, file);
  if (!expanded.ok) return expanded;
  const checked = check<OverlayFile>(validators().file, expanded.value, file);
  if (!checked.ok) return checked;
  const problems = [
    ...(checked.value.faults ?? []).flatMap((rule, i) => providerProblems(rule, `/faults/${i}`, file)),
    ...Object.entries(checked.value.scenarios ?? {}).flatMap(([name, rule]) => providerProblems(rule, `/scenarios/${escapeToken(name)}`, file)),
  ];
  return problems.length > 0 ? { ok: false, problems } : checked;
}

/** One rule (a runtime overlay, a programmatic `arm`), `pointer` prefixed to every problem; `{"fault": NAME}` expanded first. */
export function checkRule(value: unknown, origin: string, pointer = '', names: ScenarioNames = BUILTIN_SCENARIOS): Checked<FaultRule> {
  const expanded = expandNamedRule(value, names, origin, pointer);
  if (!expanded.ok) return expanded;
  return withKnownProviders(check<FaultRule>(validators().rule, expanded.value, origin, pointer), pointer, origin);
}

/** A checked rule whose `when.provider` names no provider becomes a problem (the schema takes any string). */
function withKnownProviders(checked: Checked<FaultRule>, pointer: string, origin: string | undefined): Checked<FaultRule> {
  if (!checked.ok) return checked;
  const problems = providerProblems(checked.value, pointer, origin);
  return problems.length > 0 ? { ok: false, problems } : checked;
}

function providerProblems(rule: FaultRule, pointer: string, origin: string | undefined): Problem[] {
  const given = rule.when?.provider;
  if (given === undefined) return [];
  const list: string[] = Array.isArray(given) ? given : [given];
  return list.flatMap((name, i) => {
    const message = providerNameProblem(name);
    if (!message) return [];
    const at = `${pointer}/when/provider${Array.isArray(given) ? `/${i}` : ''}`;
    return [{ pointer: at, message, ...(origin !== undefined ? { file: origin } : {}) }];
  });
}

/**
 * A rule written by name — `{"fault": "ABRUPT_STREAM", "times": 1}`, `{"fault": "429",
 * "retry_after": 2}` — becomes the fault that name means wherever a fault is named (an HTTP
 * status, a preset, an alias, a kind, an API-key scenario: `namedFault`), with the rule's own
 * fields over it (`when` merged field by field). `name` says where it came from unless given.
 * Anything else is returned as it is.
 */
export function expandNamedRule(value: unknown, names: ScenarioNames, origin: string | undefined, pointer = ''): Checked<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, 'fault')) return { ok: true, value };
  const { fault, ...own } = value as Record<string, unknown>;
  const problem = (at: string, message: string): Checked<unknown> => ({ ok: false, problems: [{ pointer: `${pointer}${at}`, message, ...(origin !== undefined ? { file: origin } : {}) }] });
  if (typeof fault !== 'string') return problem('/fault', 'must be a fault name (string)');
  if (Object.hasOwn(own, 'kind')) return problem('', 'give either "fault" (a name) or "kind", not both');
  const named = namedFault(fault, names);
  if (!named) return problem('/fault', `unknown fault ${JSON.stringify(fault)}; use ${knownNames(names)}`);
  const rule: Record<string, unknown> = { ...named, ...own };
  if (named.when && own.when && typeof own.when === 'object') rule.when = { ...(named.when as object), ...(own.when as object) };
  rule.name ??= fault;
  return { ok: true, value: rule };
}

/** Expands the named rules of an overlay file's `faults` and `scenarios`: built-in names, and this file's scenarios written by kind. */
function expandFileRules(value: unknown, file: string): Checked<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: true, value };
  const content = value as Record<string, unknown>;
  const own = content.scenarios !== null && typeof content.scenarios === 'object' && !Array.isArray(content.scenarios) ? (content.scenarios as Record<string, unknown>) : {};
  const names: ScenarioNames = {
    get: (name) => {
      const rule = Object.hasOwn(own, name) ? own[name] : undefined;
      // A scenario that is itself written by name resolves against the built-in names only (no cycles).
      if (rule !== null && typeof rule === 'object' && !Object.hasOwn(rule, 'fault')) return rule as FaultRule;
      return BUILTIN_SCENARIOS.get(name);
    },
    names: () => new Set([...BUILTIN_SCENARIOS.names(), ...Object.keys(own)]),
  };
  const problems: Problem[] = [];
  const out: Record<string, unknown> = { ...content };
  const expand = (rule: unknown, at: string, using: ScenarioNames): unknown => {
    const r = expandNamedRule(rule, using, file, at);
    if (r.ok) return r.value;
    problems.push(...r.problems);
    return rule;
  };
  if (Array.isArray(content.faults)) out.faults = content.faults.map((rule, i) => expand(rule, `/faults/${i}`, names));
  if (content.scenarios !== undefined && own === content.scenarios)
    out.scenarios = Object.fromEntries(Object.entries(own).map(([name, rule]) => [name, expand(rule, `/scenarios/${escapeToken(name)}`, BUILTIN_SCENARIOS)]));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: out };
}

/** One fault from a header: its string values become numbers, booleans or null where the kind's schema says so. */
export function checkHeaderRule(value: Record<string, unknown>): Checked<FaultRule> {
  const props = typeof value.kind === 'string' ? validators().schema.definitions[value.kind]?.properties : undefined;
  const coerced: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value)) coerced[name] = typeof v === 'string' && props?.[name] ? coerce(v, props[name]!.type) : v;
  return withKnownProviders(check<FaultRule>(validators().rule, coerced, undefined), '', undefined);
}

function coerce(value: string, type: string | string[] | undefined): unknown {
  const types = Array.isArray(type) ? type : type ? [type] : [];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('null') && value === 'null') return null;
  return value;
}

/** What the overlay schema's alternatives mean, for its one-line problems. */
const OVERLAY_VOCABULARY: SchemaVocabulary = {
  discriminatorValues: FAULT_KIND_NAMES,
  discriminatorName: 'fault kind',
  propertyName: 'scenario names may only use letters, digits, _ . and -',
};

function check<T>(validate: ValidateFunction, value: unknown, file: string | undefined, prefix = ''): Checked<T> {
  // Nothing recursive (the schema validator included) walks a document nested past the limit.
  const deep = tooDeepAt(value);
  const problems: Problem[] = deep !== undefined
    ? [{ pointer: `${prefix}${deep}`, message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; flatten it` }]
    : validate(value)
      ? []
      : schemaProblems(validate.errors ?? [], OVERLAY_VOCABULARY, prefix);
  if (problems.length === 0) return { ok: true, value: value as T };
  return { ok: false, problems: file === undefined ? problems : problems.map((p) => ({ ...p, file })) };
}
