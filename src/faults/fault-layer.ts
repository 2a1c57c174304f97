import type { IncomingMessage, ServerResponse } from 'node:http';
import stringify from 'fast-json-stable-stringify';
import { ErrorCodes, formatProblem, MockllmError } from '../errors.js';
import type { AppliedFault, Exchange, FaultContext, FaultLayer } from '../server/exchange.js';
import type { Logger } from '../util/logger.js';
import { requestApiKeys } from './api-key.js';
import { CompiledRule } from './compiled-rule.js';
import { applyTogether } from './compose-faults.js';
import { handleFaultAdmin } from './fault-admin.js';
import { systemClock, type Clock, type FaultMemory, type FaultTarget } from './fault-kind.js';
import type { FaultRule, FaultSpec, NamedFaultRule } from './fault-spec.js';
import { faultTarget } from './fault-target.js';
import { loadOverlayFiles, type LoadedOverlay, type ReadText } from './overlay-files.js';
import { checkRule, compileOverlaySchema } from './overlay-schema.js';
import type { ScenarioNames } from './presets/named-faults.js';
import { SCENARIO_PRESETS } from './presets/scenarios.js';
import { FAULT_HEADER, parseFaultHeader, parseFaultQuery, type RequestFaults } from './request-faults.js';
import { RuntimeOverlays, type RuntimeEntry } from './runtime-overlays.js';

export interface FaultLayerOptions {
  /** `--overlay` files, in order. */
  overlay: readonly string[];
  /** `--seed`: the default seed of `probability`. */
  seed: number;
}

/** What varies, injected: the clock of rate-limit windows and reset times, how files are read. */
export interface FaultLayerDeps {
  clock?: Clock;
  readText?: ReadText;
}

/** One listing of everything that can fire, for `GET /_mockllm/faults`. */
export interface FaultListing {
  runtime: RuntimeEntry[];
  overlays: Array<{ source: string; fault: FaultRule; fired: number }>;
  scenarios: Array<{ name: string; origin: string; fault: FaultRule; fired: number }>;
}

interface RequestAsk {
  header: RequestFaults | undefined;
  query: RequestFaults | undefined;
}

const NO_ASK: RequestAsk = Object.freeze({ header: undefined, query: undefined });

/**
 * The fault layer of a server. For each request it asks its sources in precedence order
 * and applies the first fault one selects — exactly one source per request:
 * 1. the `x-mockllm-fault` header, 2. the `fail`/`delay`/`fail_chunk` query parameters,
 * 3. runtime overlays (`/_mockllm/faults`, `handle.faults.arm`), 4. API-key scenarios,
 * 5. `--overlay` files (rules in file order, files in flag order).
 */
export class FaultOverlays implements FaultLayer {
  readonly #options: FaultLayerOptions;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #readText: ReadText | undefined;
  readonly #runtime: RuntimeOverlays;
  #fileRules: CompiledRule[] = [];
  #scenarios = new Map<string, { rule: CompiledRule; origin: string }>();
  readonly #asks = new WeakMap<Exchange, RequestAsk>();
  /** The scenarios by name (built-in and overlay files'), where a fault is named in a header, a query, an admin call. */
  readonly names: ScenarioNames = {
    get: (name) => this.#scenarios.get(name)?.rule.rule,
    names: () => this.#scenarios.keys(),
  };
  /** Rate-limit windows of header/query faults, by the fault they come from. */
  readonly #requestMemory = new Map<string, FaultMemory>();

  /** Loads the overlay files; an invalid one throws MockllmError (MOCKLLM_E_INVALID_FAULT) naming file and pointer. */
  constructor(options: FaultLayerOptions, logger: Logger, deps: FaultLayerDeps = {}) {
    this.#options = options;
    this.#logger = logger;
    this.#clock = deps.clock ?? systemClock;
    this.#readText = deps.readText;
    this.#runtime = new RuntimeOverlays(() => this.#options.seed);
    // Schema compilation is the slow part of validation: pay it at start, not on the first faulted request.
    compileOverlaySchema();
    this.#install(this.#load());
  }

  select(ex: Exchange, ctx: FaultContext): AppliedFault | undefined {
    const ask = this.#ask(ex);
    const scenario = this.#scenarioOf(ex);
    // The common case, checked before building anything: no source has a rule to try.
    if (ask === NO_ASK && !scenario && this.#runtime.size === 0 && this.#fileRules.length === 0) return undefined;
    const target = faultTarget(ex, ctx, this.#clock);
    return (
      this.#fromRequest(ask.header, target, 'header') ??
      this.#fromRequest(ask.query, target, 'query') ??
      this.#runtime.select(target) ??
      scenario?.rule.select(target) ??
      this.#fromFiles(target)
    );
  }

  problem(ex: Exchange): string | undefined {
    const { header, query } = this.#ask(ex);
    if (header && 'problem' in header) return header.problem;
    if (query && 'problem' in query) return query.problem;
    return undefined;
  }

  admin(req: IncomingMessage, res: ServerResponse, subpath: string, body: Buffer): boolean {
    return handleFaultAdmin(this, req, res, subpath, body);
  }

  /**
   * Arms a runtime overlay (same store as `POST /_mockllm/faults`); returns its id. `times`
   * overrides the rule's own. Throws MockllmError (MOCKLLM_E_INVALID_FAULT) on an invalid rule.
   */
  arm(rule: FaultRule | NamedFaultRule, times?: number): string {
    const checked = checkRule(structuredClone(rule), 'fault', '', this.names);
    if (!checked.ok) throw new MockllmError(ErrorCodes.INVALID_FAULT, 'invalid fault: fix the lines below (docs/faults.md)', checked.problems.map(formatProblem));
    if (times !== undefined && !(Number.isInteger(times) && times >= 1)) throw new MockllmError(ErrorCodes.INVALID_FAULT, `invalid fault: times must be a whole number ≥ 1, got ${times}`);
    const id = this.#runtime.add(checked.value, times);
    this.#logger.info(`fault armed: runtime#${id} ${stringify(checked.value)}${times !== undefined ? ` ×${times}` : ''}`);
    return id;
  }

  /** Removes one runtime overlay; false when there is none with this id. */
  disarm(id: string): boolean {
    return this.#runtime.remove(id);
  }

  /** Removes every runtime overlay; returns how many there were. */
  clear(): number {
    const n = this.#runtime.clear();
    if (n > 0) this.#logger.info(`faults cleared: ${n} runtime overlay(s)`);
    return n;
  }

  runtimeEntry(id: string): RuntimeEntry | undefined {
    return this.#runtime.get(id);
  }

  /**
   * Re-reads the `--overlay` files (for `--watch` and `POST /_mockllm/faults/reload`). On an
   * invalid file the previous overlays keep serving and MockllmError names file and pointer.
   * Rules that did not change keep their counters and rate-limit windows.
   */
  reloadOverlays(): { files: string[]; rules: number; scenarios: number } {
    this.#install(this.#load());
    const result = { files: [...this.#options.overlay], rules: this.#fileRules.length, scenarios: this.#scenarios.size };
    this.#logger.info(`overlays reloaded: ${result.rules} rule(s), ${result.scenarios} scenario(s) from ${result.files.length} file(s)`);
    return result;
  }

  list(): FaultListing {
    return {
      runtime: this.#runtime.list(),
      overlays: this.#fileRules.map((r) => ({ source: r.source, fault: r.rule, fired: r.fired })),
      scenarios: [...this.#scenarios].map(([name, s]) => ({ name, origin: s.origin, fault: s.rule.rule, fired: s.rule.fired })),
    };
  }

  #load(): LoadedOverlay[] {
    return loadOverlayFiles(this.#options.overlay, this.#readText);
  }

  #install(files: LoadedOverlay[]): void {
    const previous = new Map<string, CompiledRule>();
    for (const r of this.#fileRules) previous.set(`${r.ref}\0${stringify(r.rule)}`, r);
    for (const [, s] of this.#scenarios) previous.set(`${s.rule.ref}\0${stringify(s.rule.rule)}`, s.rule);
    const reuse = (rule: FaultRule, ref: string, seed: number, describe = true) =>
      previous.get(`${ref}\0${stringify(rule)}`) ?? new CompiledRule(rule, ref, { seed, describe });

    const fileRules: CompiledRule[] = [];
    const scenarios = new Map<string, { rule: CompiledRule; origin: string }>();
    for (const [name, rule] of Object.entries(SCENARIO_PRESETS)) scenarios.set(name, { rule: reuse(rule, `api-key ${name}`, this.#options.seed, false), origin: 'preset' });
    for (const { file, content } of files) {
      const seed = content.seed ?? this.#options.seed;
      (content.faults ?? []).forEach((rule, i) => fileRules.push(reuse(rule, `overlay ${file}#${i}`, seed)));
      for (const [name, rule] of Object.entries(content.scenarios ?? {})) scenarios.set(name, { rule: reuse(rule, `api-key ${name}`, seed, false), origin: file });
    }
    this.#fileRules = fileRules;
    this.#scenarios = scenarios;
  }

  #ask(ex: Exchange): RequestAsk {
    const raw = ex.view.headers[FAULT_HEADER];
    // Most requests ask for nothing: answered without parsing or remembering anything.
    if (raw === undefined && ex.view.query.size === 0) return NO_ASK;
    let ask = this.#asks.get(ex);
    if (!ask) {
      const header = raw === undefined ? undefined : parseFaultHeader(Array.isArray(raw) ? raw.join(', ') : raw, this.names);
      ask = { header, query: parseFaultQuery(ex.view.query, this.names) };
      this.#asks.set(ex, ask);
    }
    return ask;
  }

  #fromRequest(ask: RequestFaults | undefined, target: FaultTarget, source: 'header' | 'query'): AppliedFault | undefined {
    if (!ask || !('faults' in ask)) return undefined;
    return applyTogether(ask.faults, target, source, (spec: FaultSpec) => {
      const id = `${source}\0${stringify(spec)}`;
      let memory = this.#requestMemory.get(id);
      if (!memory) this.#requestMemory.set(id, (memory = {}));
      return memory;
    });
  }

  /** The scenario of the first API key the request carries that names one. */
  #scenarioOf(ex: Exchange): { rule: CompiledRule } | undefined {
    for (const key of requestApiKeys(ex.view)) {
      const scenario = this.#scenarios.get(key);
      if (scenario) return scenario;
    }
    return undefined;
  }

  #fromFiles(target: FaultTarget): AppliedFault | undefined {
    for (const rule of this.#fileRules) {
      const applied = rule.select(target);
      if (applied) return applied;
    }
    return undefined;
  }
}

/** The fault layer for a server: overlay files from the options, the system clock. */
export function createFaultLayer(options: FaultLayerOptions, logger: Logger, deps: FaultLayerDeps = {}): FaultOverlays {
  return new FaultOverlays({ overlay: [...options.overlay], seed: options.seed }, logger, deps);
}
