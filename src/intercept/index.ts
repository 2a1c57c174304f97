/**
 * `mockllm/intercept`: cassettes served to this process's own `fetch` and `http` clients,
 * with no server and no port. See docs/testing.md ("In-process interception").
 */
export { intercept, type InterceptHandle, type InterceptOptions, type OnMiss } from './intercept.js';
export { INTERCEPT_ORIGIN, type HostPattern } from './host-filter.js';
export type { MissReport } from '../server/mockllm-server.js';
export type { StatsSnapshot, CassetteStats } from '../server/server-stats.js';
export { MockllmError, ErrorCodes, type ErrorCode } from '../errors.js';
