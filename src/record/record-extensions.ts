import { mkdirSync } from 'node:fs';
import type { ServerOptions } from '../config/options.js';
import type { ServerDeps } from '../server/mockllm-server.js';
import { createForwarder } from './record-forwarder.js';
import { removeStaleTempFiles } from './stale-temp-files.js';

/**
 * What record mode adds to a server: the forwarder. A first recording into a fresh
 * project should not fail on a missing `./cassettes`, so record mode creates the folder
 * (replay still demands it: there is nothing to replay from a folder that does not exist),
 * and clears temp files a killed recorder left behind.
 */
export function recordExtensions(options: ServerOptions): Partial<ServerDeps> {
  mkdirSync(options.cassettes, { recursive: true });
  removeStaleTempFiles(options.cassettes);
  return { createForwarder: (server) => createForwarder(server) };
}
