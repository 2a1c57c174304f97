/**
 * For `mockllm import` tests: input files in a temp dir, the real CLI run on them, and a
 * raw-socket check that a replayed capture is the capture, byte for byte and event by event.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import type { Cassette } from '../../src/cassette/types.js';
import { clientRequestHeaders, requestTarget, type Capture } from './captures.js';
import { captureFrames, expectedWireBytes } from './capture-cassette.js';
import { runCli, type Finished } from './cli.js';
import { rawRequest } from './raw-http.js';
import { tempDir } from './replay-fixture.js';

/** A generous bound for CLI subprocesses: on a shared 2-core machine under load one can take many times its CPU time. */
export const CLI_TIMEOUT = { timeoutMs: 120_000 };

export interface ImportWorkspace {
  dir: string;
  cassettes: string;
  /** Writes an input file into the workspace; returns its path. */
  input(name: string, text: string): string;
  /** `mockllm import FORMAT FILES… --cassette NAME --cassettes DIR [extra…]` as a subprocess. */
  run(format: string, files: string[], cassette: string, extra?: string[]): Promise<Finished>;
  cassetteText(name: string): string;
  cassette(name: string): Cassette;
  remove(): void;
}

/** A temp workspace, removed when the test ends (pass `t`) or by `remove()` (from a hook, where ava has no teardown). */
export function importWorkspace(t?: ExecutionContext): ImportWorkspace {
  const dir = tempDir('mockllm-import-');
  const cassettes = join(dir, 'cassettes');
  t?.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ws: ImportWorkspace = {
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
    cassettes,
    input(name, text) {
      const file = join(dir, name);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    run: (format, files, cassette, extra = []) => runCli(['import', format, ...files, '--cassette', cassette, '--cassettes', cassettes, ...extra], { cwd: dir, ...CLI_TIMEOUT }),
    cassetteText: (name) => readFileSync(join(cassettes, `${name}.json`), 'utf8'),
    cassette: (name) => JSON.parse(ws.cassetteText(name)) as Cassette,
  };
  return ws;
}

/**
 * Sends the capture's request to a replay server on a raw socket and asserts the answer
 * is the capture: status, body bytes, and for a stream each event in its own chunk.
 */
export async function assertReplaysCapture(t: ExecutionContext, server: MockllmHandle, cassette: string, capture: Capture): Promise<void> {
  const res = await rawRequest(server.url, {
    method: capture.request.method,
    path: requestTarget(capture),
    headers: { ...clientRequestHeaders(capture), 'x-mockllm-cassette': cassette },
    body: capture.request.body,
  });
  t.is(res.status, capture.status, `${capture.id}: status`);
  t.true(res.body.equals(expectedWireBytes(capture)), `${capture.id}: body bytes identical to the capture`);
  t.is(res.headers['content-encoding'], undefined, `${capture.id}: never replayed with content-encoding`);
  if (capture.streamed) {
    const { frames, tail } = captureFrames(capture);
    t.deepEqual(
      res.chunks.map((c) => c.bytes.toString('utf8')),
      (tail ? [...frames, tail] : frames).map((f) => f.toString('utf8')),
      `${capture.id}: each event of the capture arrives as its own chunk`,
    );
  }
}

/**
 * A `fetch` for the official SDKs that keeps the raw body bytes each response carried,
 * so a test can compare what the client received with the capture while the client
 * parses it as usual.
 */
export function recordingFetch(bodies: Buffer[]): typeof fetch {
  const base = globalThis.fetch;
  return async (input, init) => {
    const res = await base(input, init);
    const bytes = Buffer.from(await res.arrayBuffer());
    bodies.push(bytes);
    return new Response(bytes.length > 0 ? bytes : null, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
