/**
 * Shared helpers of the record-mode tests (not a test file): a raw HTTP client that keeps
 * every chunk with its arrival time, temp cassette folders, cassette reading.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ExecutionContext } from 'ava';
import type { Cassette, RecordedInteraction, StreamFraming } from '../../src/cassette/types.js';
import { cassetteProblems } from '../../src/cassette/validate.js';
import { EventSplitter } from '../../src/framing/event-splitter.js';

export interface RawChunk {
  at: number;
  bytes: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  chunks: RawChunk[];
  body: Buffer;
  /** performance.now() when the response head arrived. */
  headAt: number;
  /** Set when the response did not end cleanly (a reset). */
  error?: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Abort (destroy the socket) once this many body bytes arrived. */
  abortAfterBytes?: number;
  /** Called when the response head arrives. */
  onHead?: () => void;
}

/** node:http client: no decompression, no retries; every chunk kept with its arrival time. */
export function rawRequest(base: string, opts: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${opts.path}`, { method: opts.method ?? 'POST', headers: opts.headers ?? {}, agent: false }, (res) => {
      const headAt = performance.now();
      opts.onHead?.();
      const chunks: RawChunk[] = [];
      let received = 0;
      const out = (): RawResponse => ({ status: res.statusCode ?? 0, headers: res.headers, chunks, body: Buffer.concat(chunks.map((c) => c.bytes)), headAt });
      let settled = false;
      const settle = (r: RawResponse) => {
        if (!settled) (settled = true), resolve(r);
      };
      res.on('data', (b: Buffer) => {
        chunks.push({ at: performance.now(), bytes: b });
        received += b.length;
        if (opts.abortAfterBytes !== undefined && received >= opts.abortAfterBytes) {
          req.destroy();
          settle({ ...out(), error: 'client-aborted' });
        }
      });
      res.on('end', () => settle(out()));
      res.on('aborted', () => settle({ ...out(), error: 'aborted' }));
      res.on('error', (e) => settle({ ...out(), error: e.message }));
      res.on('close', () => settle(res.complete ? out() : { ...out(), error: 'closed' }));
    });
    req.on('error', (e) => (opts.abortAfterBytes !== undefined ? undefined : reject(e)));
    req.end(opts.body);
  });
}

export function tempDir(t: ExecutionContext, prefix = 'mockllm-rec-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function readCassette(dir: string, name = 'default'): Cassette {
  return JSON.parse(readFileSync(join(dir, ...name.split('/')) + '.json', 'utf8')) as Cassette;
}

export function recorded(dir: string, name = 'default'): RecordedInteraction[] {
  return readCassette(dir, name).interactions as RecordedInteraction[];
}

export function frames(body: Buffer, framing: StreamFraming): Buffer[] {
  const s = new EventSplitter(framing);
  const out = s.push(body);
  const tail = s.end();
  return tail ? [...out, tail] : out;
}

/** Schema + semantic problems of a cassette file (empty = valid). */
export function fileProblems(file: string): string[] {
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return cassetteProblems(value, { key: { ignore: [], headers: [] }, checkStoredKeys: true }).map((p) => `${p.pointer}: ${p.message}`);
}

/** Every file under `dir` (recursively), relative names, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d)) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${e}/`);
      else out.push(`${prefix}${e}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Resolves when `check()` holds, re-checking on every event-loop turn (bounded). */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Closes a server when the test ends, even after a failed assertion (AVA assertions throw). */
export function closeLater<T extends { close(): Promise<void> }>(t: ExecutionContext, server: T): T {
  t.teardown(() => server.close());
  return server;
}
