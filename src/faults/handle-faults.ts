import { ErrorCodes, MockllmError } from '../errors.js';
import type { FaultLayer } from '../server/exchange.js';
import { FaultOverlays } from './fault-layer.js';
import type { FaultRule, NamedFaultRule } from './fault-spec.js';

/** Runtime fault overlays from test code: the same store as `/_mockllm/faults`. */
export interface HandleFaults {
  /**
   * Arms a fault (a rule: kind and parameters, or a name as `{fault: 'ABRUPT_STREAM'}`,
   * optional `when`); `times` = fire at most that
   * often, then it is removed. Returns its id (`runtime#<id>` in logs and status). Throws
   * MockllmError (MOCKLLM_E_INVALID_FAULT) when the rule is invalid.
   */
  arm(fault: FaultRule | NamedFaultRule, times?: number): string;
  /** Removes one armed fault; false when it already fired its times or was cleared. */
  disarm(id: string): boolean;
  /** Removes every armed fault. */
  clear(): void;
}

export function handleFaults(layer: FaultLayer | undefined): HandleFaults {
  const overlays = (): FaultOverlays => {
    if (layer instanceof FaultOverlays) return layer;
    throw new MockllmError(ErrorCodes.INVALID_FAULT, 'this server has no fault layer');
  };
  return {
    arm: (fault, times) => overlays().arm(fault, times),
    disarm: (id) => overlays().disarm(id),
    clear: () => void overlays().clear(),
  };
}
