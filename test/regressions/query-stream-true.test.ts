/**
 * Issue 11 §6: `?stream=true` is how simple mock providers (the M1 seed) are asked for a
 * stream; mockllm ignored it, so a hand-written reply came back as JSON and `fail_chunk`
 * had no chunk to break — and, not being stripped like `fail` and `delay`, the parameter
 * made a recorded request a miss. Now it asks any provider for a stream and is stripped
 * before matching (and forwarding).
 */
import test from 'ava';
import type { Cassette } from '../../src/cassette/types.js';
import { replayServer } from '../helpers/replay-fixture.js';

const BODY = { model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] };

const cassette: Cassette = {
  version: 1,
  interactions: [
    {
      id: 'recorded',
      request: { method: 'POST', path: '/v1/chat/completions', body: { json: { model: 'gpt-4', messages: [{ role: 'user', content: 'recorded' }] } } },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: { json: { recorded: true } } },
    },
    { id: 'mock', match: { path: '/v1/chat/completions' }, reply: { text: 'Hello from the streaming mock provider!', chunking: 'word' } },
  ],
};

async function post(url: string, body: unknown = BODY) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The `data:` payloads of an SSE body. */
const dataLines = (text: string) => text.split('\n\n').filter((e) => e.startsWith('data: ')).map((e) => e.slice(6));

test('?stream=true makes a hand-written reply stream (SSE chunks ending in [DONE])', async (t) => {
  const s = await replayServer(t, { m1: cassette });
  const r = await post(`${s.url}/v1/chat/completions?stream=true`);
  t.is(r.status, 200);
  t.is(r.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const data = dataLines(r.text);
  t.is(data.at(-1), '[DONE]');
  const text = data.slice(0, -1).map((d) => (JSON.parse(d) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '').join('');
  t.is(text, 'Hello from the streaming mock provider!');
  // Without it, the same request gets JSON.
  t.is((await post(`${s.url}/v1/chat/completions`)).headers.get('content-type'), 'application/json');
});

test('?stream=true&fail_chunk=3: chunks 1-2 go out, chunk 3 is invalid JSON, then the stream ends', async (t) => {
  const s = await replayServer(t, { m1: cassette });
  const r = await post(`${s.url}/v1/chat/completions?stream=true&fail_chunk=3`);
  t.is(r.status, 200);
  t.is(r.headers.get('x-mockllm-fault'), 'malformed;after=2');
  const data = dataLines(r.text);
  t.is(data.length, 3);
  for (const d of data.slice(0, 2)) t.notThrows(() => JSON.parse(d));
  t.is(data[2], '{"broken": ');
});

test('?stream=true is stripped before matching, like fail and delay: a recorded request still hits', async (t) => {
  const s = await replayServer(t, { m1: cassette });
  const r = await post(`${s.url}/v1/chat/completions?stream=true`, { model: 'gpt-4', messages: [{ role: 'user', content: 'recorded' }] });
  t.is(r.headers.get('x-mockllm-interaction'), 'recorded');
  t.deepEqual(JSON.parse(r.text), { recorded: true });
});

test('?stream= takes true or false; anything else is a 400 naming it', async (t) => {
  const s = await replayServer(t, { m1: cassette });
  const r = await post(`${s.url}/v1/chat/completions?stream=yes`);
  t.is(r.status, 400);
  t.regex((JSON.parse(r.text) as { error: { message: string } }).error.message, /stream=yes/);
  t.is((await post(`${s.url}/v1/chat/completions?stream=false`, { ...BODY, stream: true })).headers.get('content-type'), 'application/json');
});
