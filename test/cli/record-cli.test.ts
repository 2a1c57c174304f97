/** `mockllm record` and `mockllm audit` as a user runs them (the built bin). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { serializeCassette } from '../../src/cassette/serializer.js';
import type { Cassette, StoredRequest } from '../../src/cassette/types.js';
import { requestKey } from '../../src/match/request-key.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { runCli, startCli } from '../helpers/cli.js';
import { fileProblems, rawRequest, tempDir } from '../integration/record-support.js';

const KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

test('record: ready line, records with redaction flags, SIGTERM writes and prints the summary', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/api/chat', headers: { 'content-type': 'application/json' }, body: '{"message":{"content":"hi acct-42"},"done":true}' }] });
  t.teardown(() => up.close());
  const config = join(dir, 'mockllm.json');
  writeFileSync(config, JSON.stringify({ redactPattern: ['acct-[0-9]+'] }));
  const server = await startCli(['record', '--upstream', up.url, '--cassettes', join(dir, 'cassettes'), '--cassette', 'ollama', '--port', '0', '--config', config, '--redact-pointer', '/options/seed', '--record-mode', 'missing']);
  t.regex(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await rawRequest(server.url, { path: '/api/chat', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: '{"model":"llama3","options":{"seed":7},"messages":[]}' });
  t.is(res.status, 200);
  server.child.kill('SIGTERM');
  const done = await server.exited;
  t.is(done.code, 0);
  t.regex(done.stdout, /^mockllm record listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  t.regex(done.stderr, /POST \/api\/chat 200 - record \d+ms/);
  t.regex(done.stderr, /summary: 1 requests, 0 hits, 0 misses, 1 recorded/);
  const file = join(dir, 'cassettes', 'ollama.json');
  const text = readFileSync(file, 'utf8');
  t.false(text.includes(KEY));
  t.false(text.includes('acct-42'));
  t.regex(text, /"seed": "REDACTED"/);
  t.deepEqual(fileProblems(file), []);
});

test('record: user mistakes are one clear line and exit 2', async (t) => {
  const noUpstream = await runCli(['record', '--port', '0']);
  t.is(noUpstream.code, 2);
  t.regex(noUpstream.stderr, /^mockllm: record needs --upstream URL/);
  t.notRegex(noUpstream.stderr, /\n\s+at /);
  const badMode = await runCli(['record', '--upstream', 'http://127.0.0.1:1', '--record-mode', 'sometimes']);
  t.is(badMode.code, 2);
  t.regex(badMode.stderr, /record-mode/);
  const badUrl = await runCli(['record', '--upstream', 'ftp://x']);
  t.is(badUrl.code, 2);
  t.regex(badUrl.stderr, /--upstream/);
});

const leakyRequest: StoredRequest = { method: 'POST', path: '/v1/chat/completions', headers: { 'x-api-key': 'sk-ant-api03-secretsecretsecret' }, body: { json: { note: `key ${KEY}` } } };
const planted: Cassette = {
  version: 1,
  interactions: [
    {
      key: requestKey(leakyRequest),
      request: leakyRequest,
      response: { status: 200, stream: { framing: 'sse', events: [{ t: 1, raw: `data: {"k": "${KEY}"}\n\n` }] } },
    },
  ],
};

test('audit: lists file: /pointer: kind and exits 1; --fix scrubs in place; a clean dir exits 0 with one line', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'leaky.json');
  writeFileSync(file, serializeCassette(planted));
  writeFileSync(join(dir, 'clean.json'), serializeCassette({ version: 1, interactions: [] }));

  const found = await runCli(['audit', dir]);
  t.is(found.code, 1);
  t.deepEqual(found.stdout.trim().split('\n'), [
    `${file}: /interactions/0/request/headers/x-api-key: secret-header`,
    `${file}: /interactions/0/request/body/json/note: openai-key`,
    `${file}: /interactions/0/response/stream/events/0/raw: openai-key`,
    '1 of 2 cassette(s) have secrets or could not be read; scrub them with `mockllm audit --fix`',
  ]);

  const fixed = await runCli(['audit', '--fix', dir]);
  t.is(fixed.code, 0, fixed.stdout);
  t.regex(fixed.stdout, /leaky\.json: fixed 3 finding\(s\)/);
  t.false(readFileSync(file, 'utf8').includes(KEY));
  t.deepEqual(fileProblems(file), [], 'the stored key was recomputed for the scrubbed request');

  const clean = await runCli(['audit', dir]);
  t.is(clean.code, 0);
  t.is(clean.stdout, 'ok: 2 cassette(s) audited, no secrets found\n');
});
