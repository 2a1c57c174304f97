/** Fault overlays: faults as data, selected per request, acting through the player's frame operator. */
export { createFaultLayer, FaultOverlays, type FaultLayerOptions, type FaultLayerDeps, type FaultListing } from './fault-layer.js';
export type * from './fault-spec.js';
export { FAULT_KINDS, FAULT_KIND_NAMES, faultLabel } from './fault-kinds.js';
export { STATUS_PRESETS, STATUS_PRESET_NAMES } from './presets/status-presets.js';
export { SCENARIO_PRESETS } from './presets/scenarios.js';
export type { Clock } from './fault-kind.js';
