import type { AppliedFault } from '../server/exchange.js';
import type { FrameOperator, Step } from '../replay/player.js';
import type { FaultMemory, FaultTarget } from './fault-kind.js';
import { faultLabel, kindOf } from './fault-kinds.js';
import type { FaultRule, FaultSpec } from './fault-spec.js';
import { RuleSelector } from './rule-selector.js';

/**
 * Several faults from one source acting as one (`?delay=3000&fail=429`, or a header naming
 * two faults): at most one replaces the response; the operators chain — before-headers and
 * end steps run in order, and each frame goes through the first operator, whose writes go
 * through the next. Faults that do not apply to this response are left out — a named
 * scenario's `when` filters count here (`AUTH_FAILURE_OPENAI` is for OpenAI requests), its
 * counters do not (a request's own fault is for that one request); the label joins the
 * applied ones with ` + `.
 */
export function applyTogether(specs: readonly FaultRule[], target: FaultTarget, source: string, memoryOf: (spec: FaultSpec) => FaultMemory): AppliedFault | undefined {
  const labels: string[] = [];
  const operators: FrameOperator[] = [];
  let response: AppliedFault['response'];
  for (const spec of specs) {
    const kind = kindOf(spec);
    if (spec.when && !new RuleSelector(spec.when, '', 0).filter(target)) continue;
    if (!kind.appliesTo(spec, target)) continue;
    // Only stateful kinds get a memory that outlives the request.
    const effect = kind.apply(spec, target, kind.keepsState ? memoryOf(spec) : {});
    if (!effect) continue;
    labels.push(faultLabel(spec));
    if (effect.response) response ??= effect.response;
    if (effect.operator) operators.push(effect.operator);
  }
  if (labels.length === 0) return undefined;
  const applied: AppliedFault = { label: labels.join(' + '), source };
  if (response) applied.response = response;
  const operator = chain(operators);
  if (operator) applied.operator = operator;
  return applied;
}

export function chain(operators: readonly FrameOperator[]): FrameOperator | undefined {
  if (operators.length <= 1) return operators[0];
  return {
    beforeHeaders: () => operators.flatMap((o) => o.beforeHeaders?.() ?? []),
    onFrame(frame, ctx) {
      let steps: Step[] = [{ kind: 'write', bytes: frame }];
      for (const o of operators) {
        if (!o.onFrame) continue;
        steps = steps.flatMap((s) => (s.kind === 'write' ? o.onFrame!(s.bytes, ctx) : [s]));
      }
      return steps;
    },
    onEnd: () => operators.flatMap((o) => o.onEnd?.() ?? []),
  };
}
