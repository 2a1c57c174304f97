/**
 * rate_limit in real time: a short window, real requests, the 429s telling the truth about
 * when the window resets — and the openai SDK riding out a storm by honouring them.
 */
import test from 'ava';
import OpenAI from 'openai';
import { setTimeout as delay } from 'node:timers/promises';
import { OPENAI_BODY, WORDS, send, startFaultServer } from '../helpers/fault-fixtures.js';

test('5 per second: requests 6..n get 429 with retry-after-ms counting down; after the window, success again', async (t) => {
  const h = await startFaultServer(t);
  h.faults.arm({ kind: 'rate_limit', requests: 5, window_ms: 1000, when: { path: '/v1/chat/completions' } });
  const chat = () => send(h.url, { path: '/v1/chat/completions', body: OPENAI_BODY });
  for (let i = 1; i <= 5; i++) t.is((await chat()).status, 200, `request ${i}`);
  const limited = [await chat(), await chat(), await chat()];
  t.deepEqual(limited.map((r) => r.status), [429, 429, 429]);
  const retryMs = limited.map((r) => Number(r.headers['retry-after-ms']));
  t.true(retryMs.every((ms) => ms > 0 && ms <= 1000), String(retryMs));
  t.true(retryMs[0]! >= retryMs[1]! && retryMs[1]! >= retryMs[2]!, `non-increasing: ${retryMs}`);
  for (const r of limited) {
    t.is(r.headers['retry-after'], '1');
    t.is(r.headers['x-ratelimit-limit-requests'], '5');
    t.is(r.headers['x-ratelimit-remaining-requests'], '0');
    t.is(r.headers['x-mockllm-fault'], 'rate_limit;requests=5;window_ms=1000');
  }
  // Wait exactly as long as the server said.
  await delay(retryMs[2]! + 5);
  t.is((await chat()).status, 200, 'a new window');
});

test('a rate-limit storm: 8 concurrent SDK calls against 3 per 500 ms all succeed by honouring retry-after-ms', async (t) => {
  const h = await startFaultServer(t);
  h.faults.arm({ kind: 'rate_limit', requests: 3, window_ms: 500 });
  const client = new OpenAI({ baseURL: h.baseURL('openai'), apiKey: 'sk-test', maxRetries: 8, logLevel: 'off' });
  const replies = await Promise.all(Array.from({ length: 8 }, () => client.chat.completions.create(OPENAI_BODY as OpenAI.ChatCompletionCreateParamsNonStreaming)));
  t.true(replies.every((r) => r.choices[0]?.message.content === WORDS.join('')));
  const stats = h.stats();
  t.is(stats.hits, 8);
  t.is(stats.requests, 8 + (stats.faults['runtime#1'] ?? 0));
  // How many were refused depends on how the burst spreads over windows; that some were is certain.
  t.true((stats.faults['runtime#1'] ?? 0) >= 1);
});
