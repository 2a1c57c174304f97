/**
 * Issue 11 §6: a model alias or hand-written rule with no `path` answered any path with an
 * OpenAI body — `POST /ollama/api/chat` (a path no provider serves) got a chat completion.
 * Without `path`, a rule answers only on its provider's endpoints (the adapter's `endpoints`);
 * anything else is the usual 404 miss.
 */
import test from 'ava';
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import type { Cassette } from '../../src/cassette/types.js';
import { replayServer } from '../helpers/replay-fixture.js';

const cassette: Cassette = {
  version: 1,
  models: { 'mockllm-echo': { reply: { text: 'echo: {{last_user_message}}' } } },
  interactions: [{ id: 'hello-rule', match: { last_user_message: 'hello' }, reply: { text: 'hi from the rule' } }],
};

const chat = (model: string, content: string) => JSON.stringify({ model, messages: [{ role: 'user', content }], stream: false });

test('POST /ollama/api/chat, an unknown path, is a 404 miss for an alias and for a pathless rule', async (t) => {
  const s = await replayServer(t, { hw: cassette });
  for (const body of [chat('mockllm-echo', 'ping'), chat('llama3', 'hello')]) {
    const res = await fetch(`${s.url}/ollama/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    t.is(res.status, 404, body);
    t.is(res.headers.get('x-mockllm-miss'), '1');
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    t.is(error.code, 'mockllm_miss');
    // The miss explains why the rule did not answer.
    t.regex(error.message, /endpoints/);
  }
});

test('the same alias and rule still answer on their provider endpoints, through the official clients', async (t) => {
  const s = await replayServer(t, { hw: cassette });
  const ollama = new Ollama({ host: s.url });
  t.is((await ollama.chat({ model: 'mockllm-echo', messages: [{ role: 'user', content: 'ping' }], stream: false })).message.content, 'echo: ping');
  const openai = new OpenAI({ apiKey: 'k', baseURL: s.baseURL('openai'), maxRetries: 0 });
  const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
  t.is(reply.choices[0]!.message.content, 'hi from the rule');
  const responses = await openai.responses.create({ model: 'mockllm-echo', input: 'pong' });
  t.is(responses.output_text, 'echo: pong');
});

test('a rule with an explicit path still answers that path, whatever it is', async (t) => {
  const s = await replayServer(t, { hw: { version: 1, interactions: [{ id: 'custom', match: { path: '/ollama/api/chat' }, reply: { text: 'custom path' } }] } });
  const res = await fetch(`${s.url}/ollama/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chat('llama3', 'x') });
  t.is(res.status, 200);
  t.is(res.headers.get('x-mockllm-interaction'), 'custom');
});
