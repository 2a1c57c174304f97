import { validateOptions, type ServerOptions, type ServerOptionsInput } from '../config/options.js';
import type { ServerMode } from '../modes.js';
import { MockllmServer, type ServerDeps } from '../server/mockllm-server.js';
import { createLogger, type Logger } from '../util/logger.js';
import { handleFor, type MockllmHandle } from './server-handle.js';
import { serverExtensions } from './server-extensions.js';

export interface StartOptions extends ServerOptionsInput {
  /** Where log lines go; default: silent in library use. */
  logger?: Logger;
}

/** Builds (without starting) a server with every layer wired for the mode. */
export function createServerFor(mode: ServerMode, options: ServerOptions, logger: Logger): MockllmServer {
  const deps: ServerDeps = { mode, options, logger, ...serverExtensions(mode, options, logger) };
  return new MockllmServer(deps);
}

export async function startServer(mode: ServerMode, input: StartOptions): Promise<MockllmHandle> {
  const { logger, ...rest } = input;
  const options = validateOptions(mode, { port: 0, logLevel: 'silent', ...rest }, 'startReplay/startRecord options');
  const server = createServerFor(mode, options, logger ?? createLogger(options.logLevel));
  const { port } = await server.listen();
  return handleFor(server, port);
}

/** Starts a replay server (port 0 = a free port by default). Same options as `mockllm replay`. */
export function startReplay(options: StartOptions = {}): Promise<MockllmHandle> {
  return startServer('replay', options);
}

/** Starts a recording proxy in front of `options.upstream`. Same options as `mockllm record`. */
export function startRecord(options: StartOptions & { upstream: string }): Promise<MockllmHandle> {
  return startServer('record', options);
}
