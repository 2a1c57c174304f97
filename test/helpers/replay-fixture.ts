/** Starts a real replay server on port 0 over a temp dir of cassettes, and cleans up. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { startReplay, type StartOptions } from '../../src/api/start-server.js';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import { serializeCassette } from '../../src/cassette/serializer.js';
import type { Cassette } from '../../src/cassette/types.js';

export function tempDir(prefix = 'mockllm-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeCassettes(dir: string, cassettes: Record<string, Cassette>): void {
  for (const [name, cassette] of Object.entries(cassettes)) {
    const file = join(dir, `${name}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, serializeCassette(cassette));
  }
}

/** A replay server over these cassettes, closed (and its dir removed) when the test ends. */
export async function replayServer(
  t: ExecutionContext,
  cassettes: Record<string, Cassette>,
  options: StartOptions = {},
): Promise<MockllmHandle & { dir: string }> {
  const dir = tempDir();
  writeCassettes(dir, cassettes);
  const handle = await startReplay({ cassettes: dir, ...options });
  t.teardown(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return Object.assign(handle, { dir });
}
