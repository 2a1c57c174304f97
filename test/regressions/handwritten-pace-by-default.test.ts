/**
 * Issue 11 §6: a hand-written reply that declares its pace (`ttft_ms`, `tokens_per_second`,
 * `pauses`) was sent at once unless the whole server ran with `--timing recorded` — which
 * also slowed every recording down. The default is now `--timing auto`: recordings fast,
 * hand-written replies at their declared pace; `fast` still means no waits at all.
 * Bounds only as load cannot break them the wrong way: a paced reply took *at least* its
 * declared time; a fast one finished within a generous multiple-second bound.
 */
import test from 'ava';
import type { Cassette } from '../../src/cassette/types.js';
import { rawRequest } from '../helpers/raw-http.js';
import { replayServer } from '../helpers/replay-fixture.js';

const PACED = { text: 'abcd'.repeat(10), chunking: 'token' as const, ttft_ms: 300, tokens_per_second: 50, pauses: { '5': 100 } };
/** 300 ms to the first token, 9 more at 20 ms each, and a 100 ms pause before token 5. */
const DECLARED_MS = 300 + 9 * 20 + 100;

const cassette: Cassette = {
  version: 1,
  interactions: [
    { id: 'paced', match: { path: '/api/generate' }, reply: PACED },
    {
      id: 'recorded-slowly',
      request: { method: 'POST', path: '/v1/chat/completions', body: { json: { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true } } },
      response: {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        stream: { framing: 'sse', events: [{ t: 2500, data: { n: 1 } }, { t: 5000, text: '[DONE]' }] },
      },
    },
  ],
};

const generate = (url: string) => rawRequest(url, { method: 'POST', path: '/api/generate', body: JSON.stringify({ model: 'llama3', prompt: 'go' }) });
const recorded = (url: string) =>
  rawRequest(url, { method: 'POST', path: '/v1/chat/completions', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }) });
const contentChunks = (r: Awaited<ReturnType<typeof rawRequest>>) => r.chunks.filter((c) => c.bytes.includes('"response":"abcd"'));

test('default options: a paced hand-written stream takes at least its declared time; a recording still plays fast', async (t) => {
  const s = await replayServer(t, { pace: cassette });
  t.is(s.options.timing, 'auto');
  const paced = await generate(s.url);
  const chunks = contentChunks(paced);
  t.is(chunks.length, 10);
  t.true(chunks[0]!.at >= 300 - 1, `first token at ${chunks[0]!.at} ms, declared 300`);
  t.true(chunks.at(-1)!.at >= DECLARED_MS - 1, `last token at ${chunks.at(-1)!.at} ms, declared ${DECLARED_MS}`);

  const started = performance.now();
  const fast = await recorded(s.url);
  t.is(fast.status, 200);
  t.true(performance.now() - started < 4000, 'a recording recorded over 5 s plays without its waits');
});

test('--timing fast: no waits at all, hand-written replies included', async (t) => {
  const slow: Cassette = { version: 1, interactions: [{ match: { path: '/api/generate' }, reply: { ...PACED, ttft_ms: 5000 } }] };
  const s = await replayServer(t, { slow }, { timing: 'fast' });
  const started = performance.now();
  t.is(contentChunks(await generate(s.url)).length, 10);
  t.true(performance.now() - started < 4000, 'a reply declaring 5 s is sent at once');
});
