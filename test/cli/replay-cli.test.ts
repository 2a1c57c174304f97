/** The built `mockllm` bin, spawned as a user runs it. */
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { DEMO_CASSETTE as cassette, runCli, startCli } from '../helpers/cli.js';
import { rawRequest } from '../helpers/raw-http.js';
import { tempDir, writeCassettes } from '../helpers/replay-fixture.js';
import type { Cassette, RecordedInteraction } from '../../src/cassette/types.js';


function dirWithCassette(): string {
  const dir = tempDir();
  writeCassettes(dir, { demo: cassette });
  return dir;
}

const hello = (url: string) => rawRequest(url, { method: 'POST', path: '/v1/chat/completions', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });

test('replay: ready line, a hit, SIGTERM prints the summary with unused interactions and exits 0', async (t) => {
  const server = await startCli(['replay', '--cassettes', dirWithCassette(), '--port', '0']);
  t.regex(server.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'binds 127.0.0.1 by default');
  const res = await hello(server.url);
  t.is(res.status, 200);
  server.child.kill('SIGTERM');
  const done = await server.exited;
  t.is(done.code, 0);
  t.regex(done.stderr, /POST \/v1\/chat\/completions 200 demo#hello hit \d+ms/, 'one log line per request');
  t.regex(done.stderr, /summary: 1 requests, 1 hits, 0 misses/);
  t.regex(done.stderr, /unused interactions \(1\):\n {2}demo#never-asked/);
});

test('replay --strict exits 1 when an interaction went unused or a request missed', async (t) => {
  const server = await startCli(['replay', '--cassettes', dirWithCassette(), '--port', '0', '--strict']);
  await hello(server.url);
  server.child.kill('SIGINT');
  t.is((await server.exited).code, 1);
});

test('options come from env and config file; flags win', async (t) => {
  const dir = dirWithCassette();
  const config = join(tempDir(), 'mockllm.json');
  writeFileSync(config, JSON.stringify({ cassettes: '/does/not/exist', port: 0, strict: true }));
  // env overrides the config file's cassette dir; the flag overrides strict=true from the file
  const server = await startCli(['replay', '--config', config, '--no-strict'], { env: { MOCKLLM_CASSETTES: dir } });
  await hello(server.url);
  server.child.kill('SIGTERM');
  t.is((await server.exited).code, 0);
});

test('shutdown through the admin API prints the summary', async (t) => {
  const server = await startCli(['replay', '--cassettes', dirWithCassette(), '--port', '0']);
  const res = await rawRequest(server.url, { method: 'POST', path: '/_mockllm/shutdown' });
  t.is(res.status, 200);
  const done = await server.exited;
  t.is(done.code, 0);
  t.regex(done.stderr, /summary: 0 requests/);
});

test('user mistakes: one clear line, no stack trace, non-zero exit', async (t) => {
  const badFlag = await runCli(['replay', '--prot', '80']);
  t.is(badFlag.code, 2);
  t.regex(badFlag.stderr, /Unknown argument: prot/);
  t.notRegex(badFlag.stderr, /\n\s+at /);

  const noDir = await runCli(['replay', '--cassettes', '/nope/missing', '--port', '0']);
  t.is(noDir.code, 2);
  t.regex(noDir.stderr, /^mockllm: cassette directory \/nope\/missing does not exist/);

  const badPort = await runCli(['replay', '--port', '99999']);
  t.is(badPort.code, 2);
  t.regex(badPort.stderr, /--port: expected a number <= 65535/);

  const dir = dirWithCassette();
  writeFileSync(join(dir, 'broken.json'), '{"version": 1, "interactions": [ {"request": {"method": "post", "path": "/x"}, "response": {"status": 200}} ]}');
  const invalid = await runCli(['replay', '--cassettes', dir, '--port', '0']);
  t.is(invalid.code, 2);
  t.regex(invalid.stderr, /broken\.json: \/interactions\/0\/request\/method: does not match the pattern/);
  t.notRegex(invalid.stderr, /\n\s+at /);
});

test('port already in use: a clear error', async (t) => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const res = await runCli(['replay', '--cassettes', dirWithCassette(), '--port', String(port)]);
  t.is(res.code, 2);
  t.regex(res.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use`));
});

test('validate: file and pointer per problem, exit 1; ok line and exit 0 on valid cassettes', async (t) => {
  const dir = dirWithCassette();
  const ok = await runCli(['validate', dir]);
  t.is(ok.code, 0);
  t.regex(ok.stdout, /ok: 1 cassette\(s\), 2 interaction\(s\) valid/);
  const stale: Cassette = structuredClone(cassette);
  (stale.interactions[0] as RecordedInteraction).key = 'f'.repeat(64);
  (stale.interactions[1] as { response: { status: unknown } }).response.status = 'two hundred';
  writeCassettes(dir, { stale });
  const bad = await runCli(['validate', dir]);
  t.is(bad.code, 1);
  t.regex(bad.stdout, /stale\.json: \/interactions\/1\/response\/status: expected integer/);
  (stale.interactions[1] as { response: { status: unknown } }).response.status = 200;
  writeCassettes(dir, { stale });
  const keyed = await runCli(['validate', dir]);
  t.is(keyed.code, 1);
  t.regex(keyed.stdout, /stale\.json: \/interactions\/0\/key: stored key ffffffffffff… does not match the request/);
  const fixed = await runCli(['validate', '--fix', dir]);
  t.is(fixed.code, 0);
});

test('ls and show', async (t) => {
  const dir = dirWithCassette();
  const ls = await runCli(['ls', '--cassettes', dir]);
  t.is(ls.code, 0);
  t.regex(ls.stdout, /CASSETTE\s+INTERACTIONS\s+HAND-WRITTEN\s+PROVIDERS\s+STREAMED\ndemo\s+2\s+0\s+openai\s+0/);
  const show = await runCli(['show', 'demo', '--cassettes', dir, '--interaction', 'hello']);
  t.is(show.code, 0);
  t.regex(show.stdout, /#0 hello {2}POST \/v1\/chat\/completions/);
  const missing = await runCli(['show', 'nope', '--cassettes', dir]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /no cassette named "nope"/);
});

test('the bundled example cassettes are valid and serve', async (t) => {
  const bundled = new URL('../../cassettes/', import.meta.url).pathname;
  const v = await runCli(['validate', bundled]);
  t.is(v.code, 0, v.stdout);
  const ls = await runCli(['ls', '--cassettes', bundled]);
  t.regex(ls.stdout, /openai\s+16/);
});
