/**
 * What gets recorded when things go wrong: error statuses (recorded and replayed with
 * their headers), an upstream that cannot be reached or is too slow (502/504, nothing
 * written), a client that leaves mid-stream (recorded whole) and an upstream that breaks
 * a stream off (recorded as broken; replay breaks it the same way).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { startRecord, startReplay } from '../../src/index.js';
import { clientRequestHeaders, loadCapture } from '../helpers/captures.js';
import { captureFrames } from '../helpers/capture-cassette.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { closeLater, listFiles, rawRequest, recorded, tempDir, until } from './record-support.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

test('401, 429 (retry-after, x-ratelimit-*) and 500 are recorded and replayed with their headers', async (t) => {
  const dir = tempDir(t);
  const c401 = loadCapture('openai/error-401-invalid-api-key');
  const rate = { 'content-type': 'application/json', 'retry-after': '2', 'retry-after-ms': '2000', 'x-ratelimit-limit-requests': '60', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' };
  const up = await startFakeUpstream({
    routes: [
      { capture: c401, match: (r) => r.body.toString().includes('"401"') },
      { path: '/v1/chat/completions', status: 429, headers: rate, body: '{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}', match: (r) => r.body.toString().includes('"429"') },
      { path: '/v1/chat/completions', status: 500, headers: { 'content-type': 'text/html' }, body: '<html>oops</html>' },
    ],
  });
  t.teardown(() => up.close());
  const send = (base: string, which: string) => rawRequest(base, { path: '/v1/chat/completions', headers: { ...clientRequestHeaders(c401), ...JSON_HEADERS }, body: `{"which":"${which}"}` });

  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const live = [await send(rec.url, '401'), await send(rec.url, '429'), await send(rec.url, '500')];
  await rec.close();
  t.deepEqual(live.map((r) => r.status), [401, 429, 500]);
  t.true(live[0]!.body.equals(c401.body));
  for (const h of Object.keys(rate)) t.is(live[1]!.headers[h], rate[h as keyof typeof rate], h);

  const stored = recorded(dir);
  t.deepEqual(stored.map((i) => i.response.status), [401, 429, 500]);
  t.is(stored[1]!.response.headers!['retry-after'], '2');
  t.is(stored[1]!.response.headers!['x-ratelimit-remaining-requests'], '0');
  t.false('connection' in stored[1]!.response.headers!);

  const rp = closeLater(t, await startReplay({ cassettes: dir }));
  const again = [await send(rp.url, '401'), await send(rp.url, '429'), await send(rp.url, '500')];
  t.deepEqual(again.map((r) => r.status), [401, 429, 500]);
  again.forEach((r, i) => t.true(r.body.equals(live[i]!.body)));
  for (const h of Object.keys(rate)) t.is(again[1]!.headers[h], rate[h as keyof typeof rate], h);
  t.is(again[2]!.headers['content-type'], 'text/html');
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('unreachable upstream: 502 in the provider shape, and no file written or changed', async (t) => {
  const dir = tempDir(t);
  const existing = join(dir, 'kept.json');
  writeFileSync(existing, '{\n  "version": 1,\n  "interactions": []\n}\n');
  const before = statSync(existing).mtimeMs;
  const rec = closeLater(t, await startRecord({ upstream: `http://127.0.0.1:${await freePort()}`, cassettes: dir }));
  const openai = await rawRequest(rec.url, { path: '/c/kept/v1/chat/completions', headers: JSON_HEADERS, body: '{"model":"m"}' });
  const anthropic = await rawRequest(rec.url, { path: '/c/new/v1/messages', headers: { ...JSON_HEADERS, 'anthropic-version': '2023-06-01' }, body: '{"model":"claude"}' });
  await rec.close();
  t.is(openai.status, 502);
  t.is(openai.headers['x-should-retry'], 'false');
  const err = JSON.parse(openai.body.toString()) as { error: { message: string; type: string } };
  t.regex(err.error.message, /upstream .* failed: .*ECONNREFUSED.*nothing was recorded/);
  t.is(err.error.type, 'server_error');
  t.is(anthropic.status, 502);
  t.is((JSON.parse(anthropic.body.toString()) as { type: string }).type, 'error');
  t.deepEqual(listFiles(dir), ['kept.json']);
  t.is(statSync(existing).mtimeMs, before);
  t.is(readFileSync(existing, 'utf8'), '{\n  "version": 1,\n  "interactions": []\n}\n');
  t.is(rec.stats().recorded, 0);
});

test('upstream slower than --upstream-timeout-ms: 504, nothing written', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/api/chat', headersDelayMs: 60_000, headers: JSON_HEADERS, body: '{}' }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir, upstreamTimeoutMs: 200 }));
  const res = await rawRequest(rec.url, { path: '/api/chat', headers: JSON_HEADERS, body: '{"model":"llama3"}' });
  await rec.close();
  t.is(res.status, 504);
  t.regex((JSON.parse(res.body.toString()) as { error: string }).error, /no answer within 200 ms/);
  t.deepEqual(listFiles(dir), []);
});

test('client leaves mid-stream: the upstream is read to the end and recorded whole', async (t) => {
  const dir = tempDir(t);
  const c = loadCapture('anthropic/messages-stream');
  const up = await startFakeUpstream({ routes: [{ capture: c, gapMs: 10, chunking: 'nasty' }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const res = await rawRequest(rec.url, { path: c.request.path, headers: clientRequestHeaders(c), body: c.request.body, abortAfterBytes: 200 });
  t.is(res.error, 'client-aborted');
  t.is(await (await up.exchange(0)).finished, 'complete');
  await rec.close(); // waits for the exchange still reading its upstream
  const stream = recorded(dir)[0]!.response.stream!;
  t.is(stream.ending, undefined);
  t.is(stream.events.length, captureFrames(c).frames.length);
  t.is(rec.stats().recorded, 1);
});

test('upstream breaks a stream off: recorded as reset with its tail; replay breaks at the same byte', async (t) => {
  const dir = tempDir(t);
  const c = loadCapture('openai/chat-stream');
  const { frames } = captureFrames(c);
  // Cut 3 frames and 7 bytes in: the tail is half an event.
  const cut = Buffer.concat([...frames.slice(0, 3), frames[3]!.subarray(0, 7)]);
  const up = await startFakeUpstream({ routes: [{ path: c.request.path, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, frames: [...frames.slice(0, 3), cut.subarray(cut.length - 7)], breakAfterFrames: 4 }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const live = await rawRequest(rec.url, { path: c.request.path, headers: JSON_HEADERS, body: c.request.body });
  await rec.close();
  t.is(live.status, 200);
  t.truthy(live.error, 'the client saw the break');
  t.true(live.body.equals(cut));
  const stream = recorded(dir)[0]!.response.stream!;
  t.is(stream.ending, 'reset');
  t.is(stream.events.length, 3);
  t.is(stream.tail, cut.subarray(cut.length - 7).toString());

  const rp = closeLater(t, await startReplay({ cassettes: dir }));
  const replayed = await rawRequest(rp.url, { path: c.request.path, headers: JSON_HEADERS, body: c.request.body });
  t.is(replayed.status, 200);
  t.truthy(replayed.error, 'replay breaks the connection too');
  t.true(replayed.body.equals(cut));
});

test('upstream breaks a single body off: the client sees the break, nothing is recorded', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/embeddings', headers: JSON_HEADERS, frames: [Buffer.from('{"data":['), Buffer.from('1,2,3]}')], breakAfterFrames: 1 }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const res = await rawRequest(rec.url, { path: '/v1/embeddings', headers: JSON_HEADERS, body: '{"input":"x"}' });
  await rec.close();
  t.truthy(res.error);
  t.deepEqual(listFiles(dir), []);
});

test('client leaves before the upstream answers: the exchange is still recorded', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/chat/completions', headersDelayMs: 150, headers: { 'content-type': 'text/event-stream' }, frames: [Buffer.from('data: {"a":1}\n\n'), Buffer.from('data: [DONE]\n\n')], gapMs: 5 }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const req = request(`${rec.url}/v1/chat/completions`, { method: 'POST', headers: JSON_HEADERS });
  req.on('error', () => {});
  req.end('{"stream":true}');
  await until(() => up.requests.length === 1, 'the forwarded request');
  req.destroy();
  t.is((await up.exchange(0)).outcome, 'complete');
  await until(() => rec.stats().recorded === 1, 'the recording');
  t.is(recorded(dir)[0]!.response.stream!.events.length, 2);
});
