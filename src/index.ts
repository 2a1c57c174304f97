/**
 * mockllm's public API. See README.md ("Use it from your tests") and docs/ for details.
 */
export { startReplay, startRecord, type StartOptions } from './api/start-server.js';
export { loadCassette, validateCassette, renderReply, type KeyingOptions, type RenderRequest, type RenderReplyOptions } from './api/tooling.js';
export type { MissReport } from './server/mockllm-server.js';
export type { MockllmHandle } from './api/server-handle.js';
export type { ServerOptions, ServerOptionsInput } from './config/options.js';
export type { StatsSnapshot, CassetteStats } from './server/server-stats.js';
export type * from './cassette/types.js';
export { MockllmError, InvalidCassetteError, ErrorCodes, type ErrorCode, type Problem } from './errors.js';
export type { ProviderName } from './providers/provider.js';
export { createLogger, type Logger, type LogLevel } from './util/logger.js';
export type { FaultRule, FaultSpec, NamedFaultRule, WhenSpec } from './faults/fault-spec.js';
export type { HandleFaults } from './faults/handle-faults.js';
