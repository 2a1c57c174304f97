/** Runs the built CLI as a user does: a child process, its ready line, signals, exit codes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Cassette } from '../../src/cassette/types.js';

export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env }, cwd: options.cwd ?? process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  url: string;
  /** Resolves when the process exits, with everything it printed. */
  exited: Promise<Finished>;
}

/** Starts a long-running command and resolves once it prints its ready line. */
export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env }, cwd: options.cwd ?? process.cwd() });
    let stdout = '';
    let stderr = '';
    let ready = false;
    const exited = new Promise<Finished>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /mockllm \w+ listening on (http:\/\/\S+)/.exec(stdout);
      if (m && !ready) {
        ready = true;
        resolve({ child, url: m[1]!, exited });
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    void exited.then((f) => {
      if (!ready) reject(new Error(`exited ${f.code} before ready:\n${f.stderr}`));
    });
  });
}

/** A cassette for CLI tests: `hello` is what the tests ask, `never-asked` stays unused. */
export const DEMO_CASSETTE: Cassette = {
  version: 1,
  interactions: [
    {
      id: 'hello',
      request: { method: 'POST', path: '/v1/chat/completions', body: { json: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } } },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: { json: { ok: true } } },
    },
    {
      id: 'never-asked',
      request: { method: 'GET', path: '/v1/models' },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: { json: { object: 'list', data: [] } } },
    },
  ],
};
