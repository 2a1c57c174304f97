/**
 * Regression: `record --cassette ../../esc` wrote outside the cassette directory; a
 * symlinked sub-directory sent writes to its target; names like `.hidden` or `.git/config`
 * were written but never loaded. Now the flag is refused in one line (exit 2), a path
 * that resolves outside the directory is refused, and dot segments are refused everywhere.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { runCli, startCli } from '../helpers/cli.js';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

test('record --cassette ../../esc (flag or env) is one line, exit 2, and writes nothing', async (t) => {
  const dir = tempCassetteDir(t);
  for (const run of [
    () => runCli(['record', '--upstream', 'http://127.0.0.1:9', '--cassettes', dir, '--cassette', '../../esc', '--port', '0']),
    () => runCli(['record', '--upstream', 'http://127.0.0.1:9', '--cassettes', dir, '--port', '0'], { env: { MOCKLLM_CASSETTE: '.hidden' } }),
    () => runCli(['replay', '--cassettes', dir, '--cassette', '.git/config', '--port', '0']),
  ]) {
    const res = await run();
    t.is(res.code, 2);
    t.is(res.stderr.trim().split('\n').length, 1, res.stderr);
    t.regex(res.stderr, /invalid cassette name/);
  }
  t.deepEqual(readdirSync(dir), []);
});

test('record: dot segments in the header or prefix, and a symlinked sub-directory, are refused (400) and nothing is written', async (t) => {
  const upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => upstream.close());
  const port = (upstream.address() as { port: number }).port;
  const dir = tempCassetteDir(t);
  const outside = mkdtempSync(join(tmpdir(), 'mockllm-outside-'));
  t.teardown(() => rmSync(outside, { recursive: true, force: true }));
  symlinkSync(outside, join(dir, 'link'), 'dir');
  mkdirSync(join(dir, 'real'));

  const server = await startCli(['record', '--upstream', `http://127.0.0.1:${port}`, '--cassettes', dir, '--port', '0', '--log-level', 'silent']);
  t.teardown(() => server.child.kill('SIGKILL'));
  const post = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"model":"m"}' });

  for (const [path, headers] of [
    ['/v1/chat/completions', { 'x-mockllm-cassette': '.hidden' }],
    ['/v1/chat/completions', { 'x-mockllm-cassette': 'real/.git' }],
    ['/c/.hidden/v1/chat/completions', {}],
    ['/v1/chat/completions', { 'x-mockllm-cassette': 'link/escaped' }],
  ] as const) {
    const res = await post(path, headers);
    const body = (await res.json()) as { error: { code?: string } };
    t.is(res.status, 400, `${path} ${JSON.stringify(headers)}`);
    if (headers['x-mockllm-cassette'] === 'link/escaped') t.is(body.error.code, 'MOCKLLM_E_INVALID_CASSETTE_NAME');
  }
  // A name inside the directory still records.
  t.is((await post('/v1/chat/completions', { 'x-mockllm-cassette': 'real/ok' })).status, 200);
  server.child.kill('SIGTERM');
  await server.exited;
  t.deepEqual(readdirSync(outside), [], 'nothing written through the symlink');
  t.false(existsSync(join(dir, '.hidden.json')));
  t.true(existsSync(join(dir, 'real', 'ok.json')));
});
