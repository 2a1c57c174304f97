/**
 * Record through mockllm from a scripted upstream serving the real captured bytes (with
 * delays and hostile TCP chunking), then replay the cassettes: the client must get the
 * same bytes, split into the same events, in record and in replay.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { Agent } from 'undici';
import { validateOptions } from '../../src/config/options.js';
import { createForwarder } from '../../src/record/record-forwarder.js';
import { MockllmServer } from '../../src/server/mockllm-server.js';
import { silentLogger } from '../../src/util/logger.js';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { startRecord, startReplay } from '../../src/index.js';
import type { RecordedInteraction } from '../../src/cassette/types.js';
import { type Capture, allCaptures, clientRequestHeaders, loadCapture, requestTarget } from '../helpers/captures.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { closeLater, frames, rawRequest, readCassette, recorded, tempDir } from './record-support.js';

function requestOf(c: Capture, cassette: string) {
  return { method: c.request.method, path: requestTarget(c), headers: { ...clientRequestHeaders(c), 'x-mockllm-cassette': cassette }, body: c.request.body };
}

test('every capture: recorded and replayed bytes equal the captured body, event by event', async (t) => {
  const dir = tempDir(t);
  const captures = allCaptures();
  const up = await startFakeUpstream({ routes: [] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const live = new Map<string, Buffer>();
  for (const c of captures) {
    up.setRoutes([{ capture: c, method: c.request.method, path: c.request.path, chunking: 'nasty', gapMs: 1 }]);
    const res = await rawRequest(rec.url, requestOf(c, c.id));
    t.is(res.status, c.status, c.id);
    t.is(res.error, undefined, c.id);
    t.true(res.body.equals(c.body), `${c.id}: recorded pass-through differs`);
    live.set(c.id, res.body);
  }
  await rec.close();
  t.is(rec.stats().recorded, captures.length);

  const rp = closeLater(t, await startReplay({ cassettes: dir }));
  for (const c of captures) {
    const stored = recorded(dir, c.id);
    t.is(stored.length, 1, c.id);
    const response = stored[0]!.response;
    if (c.streamed) {
      t.is(response.stream?.framing, c.framing, c.id);
      t.is(response.stream!.events.length + (response.stream!.tail ? 1 : 0), frames(c.body, c.framing!).length, `${c.id}: event count`);
    } else t.is(response.stream, undefined, `${c.id}: a body (Gemini errors under text/event-stream included)`);
    const res = await rawRequest(rp.url, requestOf(c, c.id));
    t.is(res.status, c.status, c.id);
    t.is(res.headers['x-mockllm-miss'], undefined, c.id);
    t.true(res.body.equals(live.get(c.id)!), `${c.id}: replay differs from record`);
    if (c.streamed) t.deepEqual(frames(res.body, c.framing!), frames(live.get(c.id)!, c.framing!), c.id);
    t.is(res.headers['content-type'], (c.responseHeaders['content-type'] as string | undefined) ?? res.headers['content-type'], c.id);
  }
});

test('official clients: openai v6 stream and ollama npm stream record, then replay identically', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({
    routes: [
      { capture: 'openai/chat-stream', chunking: 'nasty', gapMs: 2, match: (r) => JSON.parse(r.body.toString()).stream === true },
      { capture: 'ollama/chat-stream', chunking: 'nasty', gapMs: 2 },
      { capture: 'openai/chat-nonstream', gzip: true },
    ],
  });
  t.teardown(() => up.close());

  async function session(url: string, base: (p: 'openai' | 'ollama') => string) {
    const openai = new OpenAI({ baseURL: base('openai'), apiKey: 'sk-test-0123456789abcdefghij', maxRetries: 0 });
    const stream = await openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'Tell me a joke about opentelemetry' }], stream: true });
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const whole = await openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'Tell me a joke about opentelemetry' }] });
    const ollama = new Ollama({ host: url });
    const parts: unknown[] = [];
    for await (const part of await ollama.chat({ model: 'llama3', messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }], stream: true })) parts.push(part);
    return { chunks, whole, parts };
  }

  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const recordedRun = await session(rec.url, (p) => rec.baseURL(p));
  await rec.close();
  t.is(rec.stats().recorded, 3);
  t.true(recordedRun.chunks.length > 5);
  t.true(recordedRun.parts.length > 5);
  t.is((recordedRun.whole as { object: string }).object, 'chat.completion');
  // The gzip answer was decoded for the client and stored plain.
  t.is(up.requests[1]!.headers['accept-encoding'], 'identity');
  const stored = recorded(dir) as RecordedInteraction[];
  t.truthy(stored[1]!.response.body && 'json' in stored[1]!.response.body);
  t.is(stored[1]!.response.headers?.['content-encoding'], undefined);

  const rp = closeLater(t, await startReplay({ cassettes: dir }));
  const replayed = await session(rp.url, (p) => rp.baseURL(p));
  t.deepEqual(replayed, recordedRun);
  t.is(rp.stats().misses, 0);
  t.is(up.requests.length, 3, 'replay never reaches the upstream');
});

test('compressed answers are decoded for the client (body and stream), without content-encoding', async (t) => {
  const dir = tempDir(t);
  const c = loadCapture('openai/chat-nonstream');
  const s = loadCapture('openai/chat-stream');
  const up = await startFakeUpstream({ routes: [{ capture: c, gzip: true }, { capture: s, path: '/v1/stream', gzip: true, chunking: 'nasty' }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const a = await rawRequest(rec.url, { path: c.request.path, headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' }, body: c.request.body });
  t.true(a.body.equals(c.body));
  t.is(a.headers['content-encoding'], undefined);
  t.not(a.headers['content-length'], String(c.wireGzip!.length));
  const b = await rawRequest(rec.url, { path: '/v1/stream', headers: { 'content-type': 'application/json' }, body: s.request.body });
  t.true(b.body.equals(s.body));
  t.is(b.headers['content-encoding'], undefined);
  t.true(b.chunks.length > 3, 'decoded stream still arrives progressively');
});

test('forwarding: base path joined, control headers and parameters stripped, host set, redirects not followed', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({
    routes: [
      { path: '/base/v1/models', headers: { 'content-type': 'application/json' }, body: '{"data":[]}' },
      { path: '/base/moved', status: 307, headers: { location: '/base/v1/models' }, body: '' },
    ],
  });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: `${up.url}/base/`, cassettes: dir }));
  const res = await rawRequest(rec.url, { method: 'GET', path: '/c/fwd/v1/models?alt=sse&fail_chunk=99&x=1', headers: { 'x-mockllm-anything': '1', 'x-custom': 'kept', 'accept-encoding': 'br' } });
  t.is(res.status, 200);
  const got = up.requests[0]!;
  t.is(got.url, '/base/v1/models?alt=sse&x=1');
  t.is(got.headers.host, `127.0.0.1:${up.port}`);
  t.is(got.headers['accept-encoding'], 'identity');
  t.is(got.headers['x-custom'], 'kept');
  t.is(got.headers['x-mockllm-anything'], undefined);
  t.is(got.headers['x-mockllm-cassette'], undefined);
  const moved = await rawRequest(rec.url, { method: 'GET', path: '/c/fwd/moved' });
  t.is(moved.status, 307);
  t.is(moved.headers.location, '/base/v1/models');
  t.is(up.requests.length, 2, 'the redirect was handed to the client, not followed');
  await rec.close();
  const stored = recorded(dir, 'fwd');
  t.deepEqual(stored.map((i) => [i.request.path, i.request.query, i.response.status]), [
    ['/v1/models', { alt: 'sse', x: '1' }, 200],
    ['/moved', undefined, 307],
  ]);
});

const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;

(HAS_OPENSSL ? test : test.skip)('https upstream with a base path: streams relayed and recorded (TLS through undici)', async (t) => {
  const dir = tempDir(t);
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const events = ['data: {"a":1}\n\n', 'data: [DONE]\n\n'];
  const paths: string[] = [];
  const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    for (const e of events) res.write(e);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as AddressInfo).port;
  const cassettes = join(dir, 'cassettes');
  const rec = closeLater(
    t,
    new MockllmServer({
      mode: 'record',
      options: validateOptions('record', { upstream: `https://127.0.0.1:${port}/openai`, cassettes, port: 0 }),
      logger: silentLogger,
      // The injected transport trusts this test's certificate; the default one uses the system CAs.
      createForwarder: (s) => createForwarder(s, { dispatcher: new Agent({ connect: { ca: readFileSync(cert) } }) }),
    }),
  );
  mkdirSync(cassettes, { recursive: true });
  await rec.listen();
  const res = await rawRequest(rec.url, { path: '/v1/chat/completions?api-version=1', headers: { 'content-type': 'application/json' }, body: '{"stream":true}' });
  t.is(res.status, 200);
  t.is(res.body.toString(), events.join(''));
  t.deepEqual(paths, ['/openai/v1/chat/completions?api-version=1']);
  await rec.close();
  const stored = recorded(cassettes);
  t.is(stored[0]!.response.stream!.events.length, 2);
  t.is(readCassette(cassettes).meta?.upstream, `https://127.0.0.1:${port}`);
});
