import type { AppliedFault } from '../server/exchange.js';
import { CompiledRule } from './compiled-rule.js';
import type { FaultTarget } from './fault-kind.js';
import type { FaultRule } from './fault-spec.js';

export interface RuntimeEntry {
  id: string;
  source: string;
  fault: FaultRule;
  /** Firings left (absent = until cleared). */
  remaining?: number;
  fired: number;
}

/**
 * Overlays armed while the server runs (`POST /_mockllm/faults`, `handle.faults.arm`), tried
 * in arming order. A rule with `times` is removed once it has fired that often, so a test
 * can arm "the next request fails" and forget about it.
 */
export class RuntimeOverlays {
  readonly #rules = new Map<string, CompiledRule>();
  readonly #seed: () => number;
  #nextId = 1;

  constructor(seed: () => number) {
    this.#seed = seed;
  }

  /** Adds an already validated rule; returns its id. `times` overrides the rule's own. */
  add(rule: FaultRule, times?: number): string {
    const id = String(this.#nextId++);
    const options: { seed: number; times?: number } = { seed: this.#seed() };
    if (times !== undefined) options.times = times;
    this.#rules.set(id, new CompiledRule(rule, `runtime#${id}`, options));
    return id;
  }

  get size(): number {
    return this.#rules.size;
  }

  remove(id: string): boolean {
    return this.#rules.delete(id);
  }

  /** Removes every runtime overlay; returns how many there were. */
  clear(): number {
    const n = this.#rules.size;
    this.#rules.clear();
    return n;
  }

  list(): RuntimeEntry[] {
    return [...this.#rules].map(([id, r]) => entryOf(id, r));
  }

  get(id: string): RuntimeEntry | undefined {
    const r = this.#rules.get(id);
    return r ? entryOf(id, r) : undefined;
  }

  select(target: FaultTarget): AppliedFault | undefined {
    for (const [id, rule] of this.#rules) {
      const applied = rule.select(target);
      if (!applied) continue;
      if (rule.exhausted) this.#rules.delete(id);
      return applied;
    }
    return undefined;
  }
}

function entryOf(id: string, r: CompiledRule): RuntimeEntry {
  const e: RuntimeEntry = { id, source: r.source, fault: r.rule, fired: r.fired };
  if (r.remaining !== undefined) e.remaining = r.remaining;
  return e;
}
