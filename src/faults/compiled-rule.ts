import stringify from 'fast-json-stable-stringify';
import type { AppliedFault } from '../server/exchange.js';
import type { FaultMemory, FaultTarget } from './fault-kind.js';
import { faultLabel, kindOf } from './fault-kinds.js';
import type { FaultRule } from './fault-spec.js';
import { RuleSelector } from './rule-selector.js';

/**
 * One rule ready to select: its fault, its compiled `when`, how many times it may still
 * fire, and the state its kind keeps (rate-limit windows). `ref` names it
 * (`runtime#3`, `overlay faults.json#2`, `api-key RATE_LIMIT_COMPLETION`); `source` adds
 * why it fires, for the log line and `/_mockllm/status`.
 */
export class CompiledRule {
  readonly ref: string;
  readonly source: string;
  readonly rule: FaultRule;
  readonly selector: RuleSelector;
  readonly memory: FaultMemory = {};
  /** Firings left; undefined = unlimited. */
  remaining: number | undefined;
  fired = 0;

  constructor(rule: FaultRule, ref: string, options: { seed: number; times?: number; describe?: boolean }) {
    this.rule = rule;
    this.ref = ref;
    const { when, times, name: _name, note: _note, ...fault } = rule;
    // Salted by what the fault is, not where it sits: moving a file or renumbering
    // runtime ids never changes which requests a probability picks.
    this.selector = new RuleSelector(when, stringify(fault), options.seed);
    this.remaining = options.times ?? times;
    const why = options.describe === false ? '' : this.selector.describe();
    this.source = why ? `${ref} (${why})` : ref;
  }

  get exhausted(): boolean {
    return this.remaining !== undefined && this.remaining <= 0;
  }

  /** The fault this rule applies to the request, if it selects it. */
  select(target: FaultTarget): AppliedFault | undefined {
    if (this.exhausted) return undefined;
    const kind = kindOf(this.rule);
    if (!this.selector.filter(target) || !kind.appliesTo(this.rule, target)) return undefined;
    if (!this.selector.gate(target)) return undefined;
    const effect = kind.apply(this.rule, target, this.memory);
    if (!effect) return undefined;
    this.fired++;
    if (this.remaining !== undefined) this.remaining--;
    return { label: faultLabel(this.rule), source: this.source, ...effect };
  }
}
