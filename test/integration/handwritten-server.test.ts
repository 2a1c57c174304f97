/** Hand-written interactions served by a real replay server: precedence, diagnostics, templates, aliases, catalogs. */
import test from 'ava';
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import type { Cassette } from '../../src/cassette/types.js';
import { rawRequest } from '../helpers/raw-http.js';
import { replayServer } from '../helpers/replay-fixture.js';

const ask = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });

const cassette: Cassette = {
  version: 1,
  models: { 'mockllm-echo': { reply: { text: 'echo: {{last_user_message}}' } }, 'mockllm-slow': { reply: { text: 'slow', ttft_ms: 50 } } },
  interactions: [
    {
      id: 'recorded-hello',
      request: { method: 'POST', path: '/v1/chat/completions', body: { json: ask('hello') } },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: { json: { recorded: true } } },
    },
    { id: 'greeting-rule', match: { last_user_message: { regex: '^hel' } }, reply: { text: 'rule says hi' } },
    { id: 'first-weather', match: { last_user_message: 'weather' }, reply: { text: 'first weather rule' } },
    { id: 'second-weather', match: { last_user_message: 'weather' }, reply: { text: 'never reached' } },
    { id: 'tools-only', match: { has_tools: true, model: { prefix: 'gpt-4' }, stream: true }, reply: { tool_calls: [{ name: 'lookup', arguments: { q: '{{last_user_message}}' } }] } },
    {
      id: 'third-turn',
      match: { conversation: [{ role: 'user', content: 'my name is Ada' }, { role: 'assistant' }, { role: 'user', content: { regex: 'what.*name', flags: 'i' } }] },
      reply: { text: 'Your name is Ada.' },
    },
  ],
};

test('an exact recorded key wins over a partial rule that also matches', async (t) => {
  const s = await replayServer(t, { hw: cassette });
  const res = await rawRequest(s.url, { method: 'POST', path: '/v1/chat/completions', body: JSON.stringify(ask('hello')) });
  t.is(res.headers['x-mockllm-interaction'], 'recorded-hello');
  const other = await rawRequest(s.url, { method: 'POST', path: '/v1/chat/completions', body: JSON.stringify(ask('hello there')) });
  t.is(other.headers['x-mockllm-interaction'], 'greeting-rule');
});

test('among partial rules the first in file order wins', async (t) => {
  const s = await replayServer(t, { hw: cassette });
  const client = new OpenAI({ apiKey: 'k', baseURL: s.baseURL('openai'), maxRetries: 0 });
  const res = await client.chat.completions.create(ask('what is the weather?') as OpenAI.ChatCompletionCreateParamsNonStreaming);
  t.is(res.choices[0]!.message.content, 'first weather rule');
});

test('templates and tool calls reach the SDK; a conversation rule fires on the third turn', async (t) => {
  const s = await replayServer(t, { hw: cassette });
  const client = new OpenAI({ apiKey: 'k', baseURL: s.baseURL('openai'), maxRetries: 0 });
  const final = await client.chat.completions
    .stream({ ...ask('find cats'), tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }] } as unknown as OpenAI.ChatCompletionCreateParamsStreaming)
    .finalChatCompletion();
  const call = final.choices[0]!.message.tool_calls![0]!;
  t.is(call.type === 'function' ? call.function.name : '', 'lookup');
  t.deepEqual(call.type === 'function' ? JSON.parse(call.function.arguments) : {}, { q: 'find cats' });

  const turn3 = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'user', content: 'Hi, my name is Ada' },
      { role: 'assistant', content: 'Nice to meet you' },
      { role: 'user', content: 'What is my name?' },
    ],
  });
  t.is(turn3.choices[0]!.message.content, 'Your name is Ada.');
});

test('model aliases pick a scenario by model name, and the listings show them', async (t) => {
  const s = await replayServer(t, { hw: cassette });
  const ollama = new Ollama({ host: s.url });
  const chat = await ollama.chat({ model: 'mockllm-echo', messages: [{ role: 'user', content: 'ping' }], stream: false });
  t.is(chat.message.content, 'echo: ping');
  const tags = await ollama.list();
  t.deepEqual(tags.models.map((m) => m.name).sort(), ['gpt-4o-mini', 'mockllm-echo', 'mockllm-slow']);
  const client = new OpenAI({ apiKey: 'k', baseURL: s.baseURL('openai'), maxRetries: 0 });
  const models = [];
  for await (const m of client.models.list()) models.push(m.id);
  t.true(models.includes('mockllm-slow'));
});

test('a miss lists the rules that almost matched and the condition that failed', async (t) => {
  const s = await replayServer(t, { hw: cassette });
  const res = await rawRequest(s.url, { method: 'POST', path: '/v1/chat/completions', body: JSON.stringify(ask('find dogs', { stream: true, model: 'llama3' })) });
  t.is(res.status, 404);
  const message = JSON.parse(res.body.toString()).error.message as string;
  t.regex(message, /hw#tools-only \(model: wanted prefix 'gpt-4' but got 'llama3'; has_tools: wanted true but the request declares no tools\)/);
});
