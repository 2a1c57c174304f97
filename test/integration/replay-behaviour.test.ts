/** Replay semantics on real sockets: timing, sequences, scoping, bad input. */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cassette, RecordedInteraction } from '../../src/cassette/types.js';
import { startReplay } from '../../src/api/start-server.js';
import { InvalidCassetteError } from '../../src/errors.js';
import { exactSignature } from '../../src/match/exact-request.js';
import { REDACTED } from '../../src/redact/secret-rules.js';
import { createLogger } from '../../src/util/logger.js';
import { rawRequest } from '../helpers/raw-http.js';
import { replayServer, tempDir } from '../helpers/replay-fixture.js';

const chatBody = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

function jsonInteraction(content: string, reply: string, id?: string): RecordedInteraction {
  return {
    ...(id ? { id } : {}),
    request: { method: 'POST', path: '/v1/chat/completions', body: { json: chatBody(content) } },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: { json: { choices: [{ message: { content: reply } }] }, indent: 2 } },
  };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest(url, { method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

test('sequence: identical requests replay in order, then repeat the last; --strict makes the 4th a miss', async (t) => {
  const cassette: Cassette = { version: 1, interactions: [jsonInteraction('again', 'one', 'a'), jsonInteraction('again', 'two', 'b'), jsonInteraction('again', 'three', 'c')] };
  const s = await replayServer(t, { seq: cassette });
  const replies: string[] = [];
  for (let i = 0; i < 5; i++) replies.push((await post(s.url, chatBody('again'))).headers['x-mockllm-interaction']!);
  t.deepEqual(replies, ['a', 'b', 'c', 'c', 'c']);

  const strict = await replayServer(t, { seq: cassette }, { strict: true });
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await post(strict.url, chatBody('again'))).status);
  t.deepEqual(statuses, [200, 200, 200, 404]);
  const miss = await post(strict.url, chatBody('again'));
  t.is(miss.headers['x-mockllm-miss'], '1');
  t.regex(miss.body.toString(), /--strict/);
});

test('exact bytes or another key order: one sequence, one miss explanation', async (t) => {
  // The recorded bytes are found by their signature, a reordered body through the whole
  // pipeline: both are the same request, so they share one sequence cursor.
  const cassette: Cassette = { version: 1, interactions: [jsonInteraction('again', 'one', 'a'), jsonInteraction('again', 'two', 'b')] };
  const s = await replayServer(t, { seq: cassette }, { strict: true });
  const exact = JSON.stringify(chatBody('again'));
  const reordered = JSON.stringify({ messages: chatBody('again').messages, model: 'gpt-4o-mini' });
  const send = (body: string) => rawRequest(s.url, { method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body });
  // Which way each one goes: the server's own index knows the first by its bytes only.
  const bySignature = (body: string) => s.server.library.index.keyOfSignature(exactSignature('POST', '/v1/chat/completions', Buffer.from(body)));
  t.not(bySignature(exact), undefined);
  t.is(bySignature(reordered), undefined);
  t.is((await send(exact)).headers['x-mockllm-interaction'], 'a');
  t.is((await send(reordered)).headers['x-mockllm-interaction'], 'b');
  const miss = await send(exact);
  t.is(miss.status, 404);
  t.regex(miss.body.toString(), /--strict makes request 3 a miss/);
  t.regex(miss.body.toString(), /seq#a/, 'the explanation names the closest recorded interaction');
  t.like(s.stats(), { hits: 2, misses: 1 });
});

test('--log-requests: bodies are logged pretty, secrets redacted, whichever way the request matched', async (t) => {
  const lines: string[] = [];
  const secret = 'tenant-credential-0001';
  // The recorder stored the second request with the key it echoed redacted.
  const cassette: Cassette = { version: 1, interactions: [jsonInteraction('hello', 'world', 'greet'), jsonInteraction(`key ${REDACTED}`, 'noted', 'echo')] };
  const s = await replayServer(t, { log: cassette }, { logRequests: true, logger: createLogger('info', { write: (l) => lines.push(l) }) });
  // Found by its exact bytes.
  t.not(s.server.library.index.keyOfSignature(exactSignature('POST', '/v1/chat/completions', Buffer.from(JSON.stringify(chatBody('hello'))))), undefined);
  t.is((await post(s.url, chatBody('hello'))).headers['x-mockllm-interaction'], 'greet');
  // Through the pipeline, which redacts the key this request sends in its header.
  t.is((await post(s.url, chatBody(`key ${secret}`), { authorization: `Bearer ${secret}` })).headers['x-mockllm-interaction'], 'echo');
  const log = lines.join('\n');
  t.regex(log, /POST \/v1\/chat\/completions 200 log#greet hit/);
  t.regex(log, /request body: \{\n {2}"model": "gpt-4o-mini",\n {2}"messages": \[/);
  t.regex(log, /response body: \{\n {2}"choices"/);
  t.regex(log, /POST \/v1\/chat\/completions 200 log#echo hit/);
  t.true(log.includes(`"content": "key ${REDACTED}"`));
  t.false(log.includes(secret));
});

test('concurrent identical requests each get a distinct recorded reply', async (t) => {
  const cassette: Cassette = { version: 1, interactions: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => jsonInteraction('same', id, id)) };
  const s = await replayServer(t, { conc: cassette }, { strict: true });
  const results = await Promise.all(Array.from({ length: 6 }, () => post(s.url, chatBody('same'))));
  t.deepEqual(results.map((r) => r.headers['x-mockllm-interaction']).sort(), ['a', 'b', 'c', 'd', 'e', 'f']);
});

test('scope: header, /c/NAME/ prefix, nested names; all cassettes when none is named', async (t) => {
  const s = await replayServer(t, {
    one: { version: 1, interactions: [jsonInteraction('x', 'from one', 'x1')] },
    'team/two': { version: 1, interactions: [jsonInteraction('x', 'from two', 'x2')] },
  });
  t.is((await post(s.url, chatBody('x'))).headers['x-mockllm-cassette'], 'one', 'unscoped: first cassette by name');
  t.is((await post(s.url, chatBody('x'), { 'x-mockllm-cassette': 'team/two' })).headers['x-mockllm-interaction'], 'x2');
  const prefixed = await rawRequest(s.url, { method: 'POST', path: '/c/team/two/v1/chat/completions', body: JSON.stringify(chatBody('x')) });
  t.is(prefixed.headers['x-mockllm-cassette'], 'team/two');
  const unknown = await post(s.url, chatBody('x'), { 'x-mockllm-cassette': 'nope' });
  t.is(unknown.status, 404);
  t.regex(unknown.body.toString(), /no cassette named \\"nope\\"/);
  for (const bad of ['../../etc/passwd', '/etc/passwd', 'a//b', 'a b', '.']) {
    const r = await post(s.url, chatBody('x'), { 'x-mockllm-cassette': bad });
    t.is(r.status, 400, bad);
  }
  t.is((await rawRequest(s.url, { method: 'POST', path: '/c/../v1/chat/completions', body: '{}' })).status, 400);
});

test('bad input: malformed JSON, non-JSON and oversized bodies get clear answers', async (t) => {
  const s = await replayServer(t, { one: { version: 1, interactions: [jsonInteraction('x', 'y')] } }, { maxBodyBytes: 1024 });
  const malformed = await rawRequest(s.url, { method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: '{"model": ' });
  t.is(malformed.status, 404);
  t.regex(malformed.body.toString(), /request body is not JSON/);
  const text = await rawRequest(s.url, { method: 'POST', path: '/v1/chat/completions', body: 'hello there' });
  t.is(text.status, 404);
  const big = await rawRequest(s.url, { method: 'POST', path: '/v1/chat/completions', body: 'x'.repeat(5000) });
  t.is(big.status, 413);
  t.regex(big.body.toString(), /exceeds the limit of 1024 bytes.*--max-body-bytes/);
  const ollamaBig = await rawRequest(s.url, { method: 'POST', path: '/api/chat', body: 'x'.repeat(5000) });
  t.is(ollamaBig.status, 413);
  t.deepEqual(Object.keys(JSON.parse(ollamaBig.body.toString())), ['error'], 'Ollama-shaped error');
});

test('misses are provider-shaped: Ollama, Anthropic, Gemini', async (t) => {
  const s = await replayServer(t, { one: { version: 1, interactions: [jsonInteraction('x', 'y')] } });
  const ollama = await rawRequest(s.url, { method: 'POST', path: '/api/chat', body: JSON.stringify({ model: 'llama3', messages: [] }) });
  t.is(ollama.status, 404);
  t.is(typeof JSON.parse(ollama.body.toString()).error, 'string');
  const anthropic = await rawRequest(s.url, { method: 'POST', path: '/v1/messages', body: JSON.stringify({ model: 'claude', messages: [] }) });
  const a = JSON.parse(anthropic.body.toString());
  t.is(a.type, 'error');
  t.is(a.error.type, 'not_found_error');
  const gemini = await rawRequest(s.url, { method: 'POST', path: '/v1beta/models/gemini-2.0-flash:generateContent', body: '{}' });
  const g = JSON.parse(gemini.body.toString());
  t.is(g.error.code, 404);
  t.is(g.error.status, 'NOT_FOUND');
});

test('a miss never echoes a secret from the request', async (t) => {
  const s = await replayServer(t, { one: { version: 1, interactions: [jsonInteraction('x', 'y')] } });
  const secret = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';
  const res = await post(s.url, chatBody(`my key is ${secret}`), { authorization: `Bearer ${secret}` });
  t.is(res.status, 404);
  t.false(res.body.toString().includes(secret));
  t.regex(res.body.toString(), /REDACTED/);
});

test('invalid cassette: start-up fails naming file and pointer', async (t) => {
  const dir = tempDir();
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ version: 1, interactions: [{ request: { method: 'POST', path: '/v1/x' }, response: { status: 'ok' } }] }));
  const error = await t.throwsAsync(startReplay({ cassettes: dir }));
  t.true(error instanceof InvalidCassetteError);
  t.regex((error as InvalidCassetteError).details.join('\n'), /broken\.json: \/interactions\/0\/response\/status: expected integer/);
});

test('stored keys are recomputed on load: a hand-edited request still matches', async (t) => {
  const edited = jsonInteraction('edited text', 'still served', 'e');
  edited.key = '0'.repeat(64); // stale
  const s = await replayServer(t, { k: { version: 1, interactions: [edited] } });
  const res = await post(s.url, chatBody('edited text'));
  t.is(res.status, 200);
  t.is(res.headers['x-mockllm-interaction'], 'e');
});

test('admin: health, status with unused interactions, and shutdown', async (t) => {
  const s = await replayServer(t, { a: { version: 1, interactions: [jsonInteraction('x', 'y', 'used'), jsonInteraction('z', 'w', 'unused')] } });
  await post(s.url, chatBody('x'));
  const health = await rawRequest(s.url, { path: '/_mockllm/health' });
  t.is(JSON.parse(health.body.toString()).status, 'ok');
  const status = JSON.parse((await rawRequest(s.url, { path: '/_mockllm/status' })).body.toString());
  t.is(status.hits, 1);
  t.deepEqual(status.unused, ['a#unused']);
  t.deepEqual(status.cassettes[0].unused, ['a#unused']);
});
