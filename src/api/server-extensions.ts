import type { ServerOptions } from '../config/options.js';
import type { ServerMode } from '../modes.js';
import type { ServerDeps } from '../server/mockllm-server.js';
import type { Logger } from '../util/logger.js';

/**
 * The optional layers of a server (faults, record forwarder, hand-written replies), in
 * one place so the CLI and the library wire them identically.
 */
export function serverExtensions(_mode: ServerMode, _options: ServerOptions, _logger: Logger): Partial<ServerDeps> {
  return {};
}
