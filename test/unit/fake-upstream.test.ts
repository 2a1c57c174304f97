import test from 'ava';
import { isUtf8 } from 'node:buffer';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { EventSplitter } from '../../src/framing/event-splitter.js';
import { loadCapture } from '../helpers/captures.js';
import { nastySlices, splitFrames, startFakeUpstream } from '../helpers/fake-upstream.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Chunks as the client socket delivered them. */
  chunks: Buffer[];
  body: Buffer;
  /** Set when the response did not end cleanly. */
  error?: string;
}

/** A raw node:http client: no decompression, every chunk and error kept. */
function send(url: string, opts: { method?: string; path: string; body?: Buffer | string; headers?: Record<string, string> }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${opts.path}`, { method: opts.method ?? 'POST', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      const out = (): RawResponse => ({ status: res.statusCode ?? 0, headers: res.headers, chunks, body: Buffer.concat(chunks) });
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(out()));
      res.on('aborted', () => resolve({ ...out(), error: 'aborted' }));
      res.on('error', (e) => resolve({ ...out(), error: e.message }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const SSE_UTF8 = Buffer.from(
  ['data: {"t":"héllo"}\n\n', 'data: {"t":"😀 ok"}\n\n', 'data: {"t":"a"}\n\n', 'data: {"t":"b"}\n\n', 'data: {"t":"日本"}\n\n', 'data: [DONE]\n\n'].join(''),
);

test('nastySlices: reassembles exactly; splits mid-line, inside UTF-8 characters, and packs events', (t) => {
  const frames = splitFrames(SSE_UTF8, 'sse');
  const slices = nastySlices(frames);
  t.true(Buffer.concat(slices).equals(SSE_UTF8));
  t.true(slices.length > frames.length);
  // Some slice ends inside a multi-byte character.
  t.true(slices.some((s) => !isUtf8(s)));
  // Some slice holds two complete events.
  t.true(slices.some((s) => new EventSplitter('sse').push(s).length >= 2));
  // Some slice starts inside a line (not at an event boundary, not at "data:").
  t.true(slices.some((s, i) => i > 0 && !s.toString('latin1').startsWith('data:') && s[0] !== 0x0a));
  // Deterministic.
  t.deepEqual(nastySlices(frames), slices);
});

test('nasty chunking over a real socket delivers identical bytes (capture and UTF-8 body)', async (t) => {
  const capture = loadCapture('gemini/stream-sse-2'); // CRLF framing
  const up = await startFakeUpstream({
    routes: [
      { capture, chunking: 'nasty' },
      { method: 'POST', path: '/utf8', headers: { 'content-type': 'text/event-stream' }, body: SSE_UTF8, chunking: 'nasty' },
    ],
  });
  t.teardown(() => up.close());

  const a = await send(up.url, { path: `${capture.request.path}?alt=sse`, body: capture.request.body });
  t.is(a.status, 200);
  t.true(a.body.equals(capture.body));
  t.is(a.headers['content-type'], 'text/event-stream');
  t.is(a.headers['content-encoding'], undefined);
  t.is(a.headers['transfer-encoding'], 'chunked');
  const exA = await up.exchange(0);
  t.is(exA.outcome, 'complete');
  t.true(exA.writes.length > splitFrames(capture.body, 'sse').length);
  t.is(exA.sentAt.length, exA.writes.length);

  const b = await send(up.url, { path: '/utf8', body: '{}' });
  t.true(b.body.equals(SSE_UTF8));
  const exB = await up.exchange(1);
  t.true(exB.sent.equals(SSE_UTF8));
  // The client really saw split chunks (loopback + a yield between writes keeps them apart).
  t.true(b.chunks.length > 1);
});

test('gzip route sends the exact recorded .gz wire bytes', async (t) => {
  const capture = loadCapture('openai/chat-nonstream');
  t.truthy(capture.wireGzip);
  const up = await startFakeUpstream({ routes: [{ capture, gzip: true }] });
  t.teardown(() => up.close());
  const res = await send(up.url, { path: '/v1/chat/completions', body: capture.request.body });
  t.is(res.status, 200);
  t.is(res.headers['content-encoding'], 'gzip');
  t.is(res.headers['content-length'], String(capture.wireGzip!.length));
  t.true(res.body.equals(capture.wireGzip!));
  t.true(gunzipSync(res.body).equals(capture.body));
});

test('gzip on a stream is flushed per frame and decodes to the original body', async (t) => {
  const capture = loadCapture('ollama/chat-stream');
  const up = await startFakeUpstream({ routes: [{ capture, gzip: true }] });
  t.teardown(() => up.close());
  const res = await send(up.url, { path: '/api/chat', body: capture.request.body });
  t.is(res.headers['content-encoding'], 'gzip');
  t.true(gunzipSync(res.body).equals(capture.body));
  const ex = await up.exchange(0);
  t.is(ex.writes.length, splitFrames(capture.body, 'ndjson').length);
});

test('without gzip a gzip-recorded capture is served decoded, without content-encoding', async (t) => {
  const capture = loadCapture('anthropic/messages-nonstream');
  const up = await startFakeUpstream({ routes: [{ capture }] });
  t.teardown(() => up.close());
  const res = await send(up.url, { path: '/v1/messages', body: capture.request.body });
  t.is(res.headers['content-encoding'], undefined);
  t.is(res.headers['content-length'], String(capture.body.length));
  t.true(res.body.equals(capture.body));
});

test('breakAfterFrames: the client gets exactly N frames, then the connection breaks', async (t) => {
  const capture = loadCapture('openai/chat-stream');
  const frames = splitFrames(capture.body, 'sse');
  const up = await startFakeUpstream({ routes: [{ capture, breakAfterFrames: 3 }, { path: '/nasty', capture, chunking: 'nasty', breakAfterFrames: 5 }] });
  t.teardown(() => up.close());

  const res = await send(up.url, { path: '/v1/chat/completions', body: capture.request.body });
  t.truthy(res.error, 'a broken chunked response must not end cleanly');
  t.true(res.body.equals(Buffer.concat(frames.slice(0, 3))));
  t.is((await up.exchange(0)).outcome, 'broken');

  const nasty = await send(up.url, { path: '/nasty', body: capture.request.body });
  t.truthy(nasty.error);
  t.true(nasty.body.equals(Buffer.concat(frames.slice(0, 5))));
});

test('timing: first frame after firstDelayMs, then gapMs apart; sentAt records each write', async (t) => {
  const up = await startFakeUpstream({
    routes: [{ path: '/s', frames: [Buffer.from('a\n'), Buffer.from('b\n'), Buffer.from('c\n')], headers: { 'content-type': 'application/x-ndjson' }, firstDelayMs: 60, gapMs: [40, 80] }],
  });
  t.teardown(() => up.close());
  const res = await send(up.url, { path: '/s', method: 'GET' });
  t.is(res.body.toString(), 'a\nb\nc\n');
  const ex = await up.exchange(0);
  t.is(ex.sentAt.length, 3);
  t.true(ex.headersSentAt! >= ex.request.receivedAt, 'headers go out once the request is in');
  const tolerance = 100; // timers fire late (loaded CI), never early
  t.true(ex.sentAt[0]! - ex.headersSentAt! >= 59 && ex.sentAt[0]! - ex.headersSentAt! < 60 + tolerance);
  t.true(ex.sentAt[1]! - ex.sentAt[0]! >= 39 && ex.sentAt[1]! - ex.sentAt[0]! < 40 + tolerance);
  t.true(ex.sentAt[2]! - ex.sentAt[1]! >= 79 && ex.sentAt[2]! - ex.sentAt[1]! < 80 + tolerance);
  t.deepEqual(up.sentAt[0], ex.sentAt);
});

test('records requests; unknown route is a 404 JSON; times limits a route', async (t) => {
  const up = await startFakeUpstream({
    routes: [
      { method: 'POST', path: '/v1/x', body: '{"n":1}', headers: { 'content-type': 'application/json' }, times: 1 },
      { method: 'POST', path: /^\/v1\/x$/, status: 503, body: '{"n":2}', headers: { 'content-type': 'application/json' } },
    ],
  });
  t.teardown(() => up.close());
  const first = await send(up.url, { path: '/v1/x?a=1', body: 'hello', headers: { 'x-test': 'yes' } });
  const second = await send(up.url, { path: '/v1/x', body: '' });
  const missing = await send(up.url, { path: '/nope', method: 'GET' });
  t.is(first.body.toString(), '{"n":1}');
  t.is(second.status, 503);
  t.is(second.body.toString(), '{"n":2}');
  t.is(missing.status, 404);
  t.is(missing.headers['content-type'], 'application/json');
  t.regex((JSON.parse(missing.body.toString()) as { error: { message: string } }).error.message, /no route for GET \/nope/);
  t.is(up.requests.length, 3);
  t.is(up.requests[0]!.path, '/v1/x');
  t.is(up.requests[0]!.search.get('a'), '1');
  t.is(up.requests[0]!.headers['x-test'], 'yes');
  t.is(up.requests[0]!.body.toString(), 'hello');
  t.is((await up.exchange(2)).routeIndex, -1);
});

test('Gemini stream error capture (non-2xx, text/event-stream) is sent as one body', async (t) => {
  const capture = loadCapture('gemini/stream-error-400-invalid-key');
  const up = await startFakeUpstream({ routes: [{ capture }] });
  t.teardown(() => up.close());
  const res = await send(up.url, { path: `${capture.request.path}?alt=sse`, body: capture.request.body });
  t.is(res.status, 400);
  t.is(res.headers['content-type'], 'text/event-stream');
  t.is(res.headers['content-length'], String(capture.body.length));
  t.true(res.body.equals(capture.body));
});

test('hangMs: Infinity keeps the response open until close()', async (t) => {
  const up = await startFakeUpstream({ routes: [{ path: '/hang', frames: [Buffer.from('data: 1\n\n')], headers: { 'content-type': 'text/event-stream' }, hangMs: Infinity }] });
  let firstChunk!: () => void;
  const gotChunk = new Promise<void>((resolve) => (firstChunk = resolve));
  const done = new Promise<string>((resolve) => {
    const req = request(`${up.url}/hang`, (res) => {
      res.once('data', () => firstChunk());
      res.on('end', () => resolve('end'));
      res.on('error', () => resolve('error'));
      res.on('aborted', () => resolve('aborted'));
    });
    req.on('error', () => resolve('req-error'));
    req.end();
  });
  await gotChunk;
  const ex = up.exchanges[0]!;
  t.is(ex.outcome, undefined, 'still hanging');
  await up.close();
  t.is(await ex.finished, 'server-closed');
  t.not(await done, 'end');
});
