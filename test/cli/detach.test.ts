/**
 * `mockllm replay --detach` and `mockllm stop`, as CI scripts use them: the command returns
 * once the background server is ready, the pid file says where it is, `stop` prints the
 * summary and fails with `--strict`; stale pid files, a port in use and a second start are
 * explained.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { Cassette } from '../../src/cassette/types.js';
import { childArgs, type PidFile } from '../../src/cli/commands/detach.js';
import { DEMO_CASSETTE as cassette, runCli } from '../helpers/cli.js';
import { tempDir, writeCassettes } from '../helpers/replay-fixture.js';


/** A working dir with `cassettes/demo.json`; any server left running is killed at the end. */
function workdir(t: ExecutionContext): string {
  const dir = tempDir('mockllm-detach-');
  writeCassettes(join(dir, 'cassettes'), { demo: cassette });
  t.teardown(() => {
    for (const f of [join(dir, '.mockllm/replay.pid'), join(dir, 'custom.pid')]) {
      const info = readPid(f);
      if (info) {
        try {
          process.kill(info.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function readPid(file: string): PidFile | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PidFile;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return true;
  }
}

const hello = (url: string) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });

test('--detach returns once ready; pid file; health probe; stop prints the summary and exits 0', async (t) => {
  const cwd = workdir(t);
  const started = await runCli(['replay', '--detach', '--port', '0'], { cwd });
  t.is(started.code, 0, started.stderr);
  const m = /^mockllm replay listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(started.stdout);
  t.truthy(m, `ready line in: ${started.stdout}`);

  const pidFile = join(cwd, '.mockllm/replay.pid');
  const info = readPid(pidFile)!;
  t.is(info.url, m![1]);
  t.is(info.port, Number(m![2]));
  t.is(info.mode, 'replay');
  t.true(alive(info.pid), 'the server runs on after the command returned');

  const health = await fetch(`${info.url}/_mockllm/health`);
  t.is(health.status, 200);
  t.like(await health.json(), { status: 'ok', mode: 'replay' });
  t.is((await hello(info.url)).status, 200);

  const stopped = await runCli(['stop'], { cwd });
  t.is(stopped.code, 0, stopped.stderr);
  t.regex(stopped.stderr, /mockllm replay summary: 1 requests, 1 hits, 0 misses/);
  t.regex(stopped.stderr, /demo#never-asked/);
  t.regex(stopped.stdout, /stopped the replay server/);
  t.false(alive(info.pid), 'the process is gone');
  t.false(existsSync(pidFile), 'the pid file is removed');
  const log = readFileSync(info.log, 'utf8');
  t.regex(log, /mockllm replay listening on/, 'the server’s own output is in the log next to the pid file');
  t.regex(log, /POST \/v1\/chat\/completions 200/);
});

test('stop --strict exits 1 on unused interactions or misses; a --strict server makes stop strict', async (t) => {
  const cwd = workdir(t);
  t.is((await runCli(['replay', '--detach', '--port', '0', '--pid-file', 'custom.pid'], { cwd })).code, 0);
  let info = readPid(join(cwd, 'custom.pid'))!;
  await (await hello(info.url)).arrayBuffer();
  const strict = await runCli(['stop', '--strict', '--pid-file', 'custom.pid'], { cwd });
  t.is(strict.code, 1, 'an interaction was never requested');
  t.regex(strict.stderr, /unused interactions \(1\)/);

  t.is((await runCli(['replay', '--detach', '--port', '0', '--strict', '--pid-file', 'custom.pid'], { cwd })).code, 0);
  info = readPid(join(cwd, 'custom.pid'))!;
  t.true(info.strict);
  const miss = await fetch(`${info.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"other"}' });
  t.is(miss.status, 404);
  await miss.arrayBuffer();
  const stopped = await runCli(['stop', '--pid-file', 'custom.pid'], { cwd });
  t.is(stopped.code, 1);
  t.regex(stopped.stderr, /1 misses/);
});

test('/_mockllm/reload picks up an edited cassette in the background server', async (t) => {
  const cwd = workdir(t);
  t.is((await runCli(['replay', '--detach', '--port', '0'], { cwd })).code, 0);
  const info = readPid(join(cwd, '.mockllm/replay.pid'))!;
  const edited = structuredClone(cassette);
  (edited.interactions[0] as { response: { body: unknown } }).response.body = { json: { ok: 'edited' } };
  writeCassettes(join(cwd, 'cassettes'), { demo: edited });
  const reload = await fetch(`${info.url}/_mockllm/reload`, { method: 'POST' });
  t.like(await reload.json(), { reloaded: true, changed: ['demo'] });
  t.deepEqual(await (await hello(info.url)).json(), { ok: 'edited' });
  t.is((await runCli(['stop'], { cwd })).code, 0);
});

test('a stale pid file: clear message, removed, exit 1; no pid file at all: exit 2', async (t) => {
  const cwd = workdir(t);
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(gone.stdout);
  const pidFile = join(cwd, 'custom.pid');
  writeFileSync(pidFile, JSON.stringify({ pid, url: 'http://127.0.0.1:1', port: 1, host: '127.0.0.1', mode: 'replay', strict: false, log: join(cwd, 'custom.log'), startedAt: new Date().toISOString() }));
  const stale = await runCli(['stop', '--pid-file', pidFile], { cwd });
  t.is(stale.code, 1);
  t.regex(stale.stderr, new RegExp(`stale pid file .*custom\\.pid: process ${pid} .* is not running; removed the pid file`));
  t.false(existsSync(pidFile));

  const none = await runCli(['stop'], { cwd });
  t.is(none.code, 2);
  t.regex(none.stderr, /no pid file at .*\.mockllm\/replay\.pid/);
});

test('port already in use: the detaching command prints the child’s one-line error and exits non-zero', async (t) => {
  const cwd = workdir(t);
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = await runCli(['replay', '--detach', '--port', String(port)], { cwd });
    t.is(r.code, 2);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.regex(r.stderr, new RegExp(`^mockllm: cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use`));
    t.false(existsSync(join(cwd, '.mockllm/replay.pid')), 'no pid file for a server that never started');
    t.false(existsSync(join(cwd, '.mockllm/replay.log')));
  } finally {
    blocker.close();
  }
});

test('a child that cannot load its cassettes: its error is relayed; a second --detach on a live pid file is refused', async (t) => {
  const cwd = workdir(t);
  const missing = await runCli(['replay', '--detach', '--port', '0', '--cassettes', 'nowhere'], { cwd });
  t.is(missing.code, 2);
  t.regex(missing.stderr, /cassette directory nowhere does not exist/);

  t.is((await runCli(['replay', '--detach', '--port', '0'], { cwd })).code, 0);
  const info = readPid(join(cwd, '.mockllm/replay.pid'))!;
  const second = await runCli(['replay', '--detach', '--port', '0'], { cwd });
  t.is(second.code, 2);
  t.regex(second.stderr, new RegExp(`already running \\(pid ${info.pid}`));
  t.true(alive(info.pid), 'the first server keeps running');
  t.is((await runCli(['stop'], { cwd })).code, 0);
});

test('the background child gets the same command line without --detach', (t) => {
  t.deepEqual(childArgs(['replay', '--detach', '--port', '0']), ['replay', '--port', '0']);
  t.deepEqual(childArgs(['replay', '--detach', 'true', '--strict']), ['replay', '--strict']);
  t.deepEqual(childArgs(['record', '--detach=true', '--upstream', 'http://x']), ['record', '--upstream', 'http://x']);
  t.deepEqual(childArgs(['replay', '--pid-file', 'detach.pid']), ['replay', '--pid-file', 'detach.pid']);
});
