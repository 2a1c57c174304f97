/**
 * Rendered hand-written replies, consumed by the official SDK clients over a real loopback
 * socket: whatever a user writes in a `reply`, each client must parse into exactly that.
 */
import Anthropic from '@anthropic-ai/sdk';
import { FinishReason, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import test from 'ava';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import type { ReplySpec } from '../../src/cassette/types.js';
import { startRenderServer } from '../helpers/render-server.js';

const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

const TEXT = 'Héllo 👩‍👩‍👧 wörld, 你好！';
const TEXT_REPLY: ReplySpec = { text: TEXT, usage: { prompt_tokens: 11, completion_tokens: 7 } };
const TOOL_REPLY: ReplySpec = {
  text: 'Let me check.',
  tool_calls: [
    { name: 'get_weather', arguments: { city: 'Paris' } },
    { id: 'call_given', name: 'get_weather', arguments: '{"city": "Zürich \\"ZH\\""}' },
  ],
};

// ---------- OpenAI ----------

test('openai: chat.completions.create (non-stream) returns the reply text and usage', async (t) => {
  const server = await startRenderServer(TEXT_REPLY);
  t.teardown(() => server.close());
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
  const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  t.is(completion.choices[0]!.message.content, TEXT);
  t.is(completion.choices[0]!.finish_reason, 'stop');
  t.is(completion.model, 'gpt-4o-mini');
  t.deepEqual([completion.usage?.prompt_tokens, completion.usage?.completion_tokens, completion.usage?.total_tokens], [11, 7, 18]);
  t.regex(completion.id, /^chatcmpl-/);
});

test('openai: chat.completions.create stream with include_usage reassembles text and usage', async (t) => {
  const server = await startRenderServer({ ...TEXT_REPLY, chunking: 'char' });
  t.teardown(() => server.close());
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage;
  let finish;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    finish ??= chunk.choices[0]?.finish_reason ?? undefined;
    if (chunk.usage) usage = chunk.usage;
  }
  t.is(text, TEXT);
  t.is(finish, 'stop');
  t.deepEqual([usage?.prompt_tokens, usage?.completion_tokens], [11, 7]);
});

test('openai: chat.completions.stream helper with tool calls → finalChatCompletion()', async (t) => {
  const server = await startRenderServer({ ...TOOL_REPLY, reasoning: 'The user wants weather.' });
  t.teardown(() => server.close());
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
  const runner = client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather?' }], tools: [WEATHER_TOOL] });
  const final = await runner.finalChatCompletion();
  const message = final.choices[0]!.message;
  t.is(message.content, 'Let me check.');
  t.is(final.choices[0]!.finish_reason, 'tool_calls');
  const calls = (message.tool_calls ?? []).map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : []));
  t.deepEqual(calls, [
    ['get_weather', { city: 'Paris' }],
    ['get_weather', { city: 'Zürich "ZH"' }],
  ]);
  t.regex(message.tool_calls![0]!.id, /^call_[A-Za-z0-9]{24}$/);
  t.is(message.tool_calls![1]!.id, 'call_given');
  // The arguments string is sent exactly as written.
  t.is(message.tool_calls![1]!.type === 'function' ? message.tool_calls![1]!.function.arguments : '', '{"city": "Zürich \\"ZH\\""}');
});

test('openai: refusal (non-stream and stream helper)', async (t) => {
  const server = await startRenderServer({ refusal: "I can't help with that." });
  t.teardown(() => server.close());
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
  const plain = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
  t.is(plain.choices[0]!.message.refusal, "I can't help with that.");
  t.is(plain.choices[0]!.message.content, null);
  const streamed = await client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).finalChatCompletion();
  t.is(streamed.choices[0]!.message.refusal, "I can't help with that.");
});

test('openai: responses.create and responses.stream with text and a function call', async (t) => {
  const server = await startRenderServer({ text: 'Paris is sunny.', tool_calls: [{ name: 'get_weather', arguments: { city: '{{last_user_message}}' } }], usage: { prompt_tokens: 9 } });
  t.teardown(() => server.close());
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
  const created = await client.responses.create({ model: 'gpt-4.1-nano', input: 'Paris' });
  t.is(created.output_text, 'Paris is sunny.');
  const fc = created.output.find((o) => o.type === 'function_call');
  t.deepEqual(fc && fc.type === 'function_call' ? [fc.name, JSON.parse(fc.arguments)] : [], ['get_weather', { city: 'Paris' }]);
  t.is(created.usage?.input_tokens, 9);

  const deltas: string[] = [];
  const stream = client.responses.stream({ model: 'gpt-4.1-nano', input: 'Paris' });
  stream.on('response.output_text.delta', (e) => deltas.push(e.delta));
  const final = await stream.finalResponse();
  t.is(final.output_text, 'Paris is sunny.');
  t.is(deltas.join(''), 'Paris is sunny.');
  t.true(deltas.length > 1);
  const streamedCall = final.output.find((o) => o.type === 'function_call');
  t.deepEqual(streamedCall && streamedCall.type === 'function_call' ? JSON.parse(streamedCall.arguments) : undefined, { city: 'Paris' });
  t.is(final.status, 'completed');
});

test('openai: responses.stream with reasoning keeps the reasoning item', async (t) => {
  const server = await startRenderServer({ reasoning: 'Think first.', text: 'Done.' });
  t.teardown(() => server.close());
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
  const final = await client.responses.stream({ model: 'gpt-oss', input: 'q' }).finalResponse();
  t.is(final.output_text, 'Done.');
  const reasoning = final.output.find((o) => o.type === 'reasoning');
  t.is(reasoning && reasoning.type === 'reasoning' ? reasoning.content?.[0]?.text : undefined, 'Think first.');
});

test('openai: embeddings (SDK default base64 and explicit float) and models.list', async (t) => {
  const server = await startRenderServer({ embedding_dimensions: 16 }, { knownModels: ['gpt-4o', 'text-embedding-3-small'] });
  t.teardown(() => server.close());
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test' });
  const viaBase64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
  const viaFloat = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float' });
  t.is(server.requests[0]!.json && (server.requests[0]!.json as { encoding_format?: string }).encoding_format, 'base64');
  t.is(viaBase64.data.length, 2);
  t.is(viaBase64.data[0]!.embedding.length, 16);
  // base64 decodes to the exact float32 values; the float list prints their shortest decimals.
  t.deepEqual(viaBase64.data.map((d) => d.embedding), viaFloat.data.map((d) => d.embedding.map(Math.fround)));
  t.notDeepEqual(viaBase64.data[0]!.embedding, viaBase64.data[1]!.embedding);
  const norm = Math.hypot(...viaFloat.data[0]!.embedding);
  t.true(Math.abs(norm - 1) < 1e-6);

  const ids: string[] = [];
  for await (const model of client.models.list()) ids.push(model.id);
  t.deepEqual(ids, ['gpt-4o', 'text-embedding-3-small']);
  const one = await client.models.retrieve('gpt-4o');
  t.is(one.id, 'gpt-4o');
});

test('openai: a status reply surfaces as the SDK error with the reply text', async (t) => {
  const server = await startRenderServer({ status: 400, text: 'Unknown parameter: {{body.extra}}' });
  t.teardown(() => server.close());
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
  const error = await t.throwsAsync(client.chat.completions.create({ model: 'm', messages: [], extra: 'quality' } as never), { instanceOf: OpenAI.BadRequestError });
  t.is(error?.status, 400);
  t.regex(error?.message ?? '', /Unknown parameter: quality/);
});

// ---------- Ollama ----------

test('ollama: chat non-stream and stream with thinking and tool calls', async (t) => {
  const reply: ReplySpec = { reasoning: 'Need weather.', text: 'Checking.', tool_calls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }], usage: { prompt_tokens: 5, completion_tokens: 4 } };
  const server = await startRenderServer(reply);
  t.teardown(() => server.close());
  const ollama = new Ollama({ host: server.url });
  const plain = await ollama.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'Weather in Oslo?' }], stream: false, think: true });
  t.is(plain.message.content, 'Checking.');
  t.is(plain.message.thinking, 'Need weather.');
  t.deepEqual(plain.message.tool_calls?.map((c) => [c.function.name, c.function.arguments]), [['get_weather', { city: 'Oslo' }]]);
  t.true(plain.done);
  t.is(plain.done_reason, 'stop');
  t.deepEqual([plain.prompt_eval_count, plain.eval_count], [5, 4]);
  t.true(plain.eval_duration > 0 && plain.total_duration >= plain.eval_duration);

  const stream = await ollama.chat({ model: 'llama3.1', messages: [{ role: 'user', content: 'Weather in Oslo?' }], stream: true, think: true });
  let content = '';
  let thinking = '';
  const calls: unknown[] = [];
  let last;
  for await (const part of stream) {
    content += part.message.content;
    thinking += part.message.thinking ?? '';
    calls.push(...(part.message.tool_calls ?? []).map((c) => [c.function.name, c.function.arguments]));
    last = part;
  }
  t.is(content, 'Checking.');
  t.is(thinking, 'Need weather.');
  t.deepEqual(calls, [['get_weather', { city: 'Oslo' }]]);
  t.true(last?.done);
  t.is(last?.eval_count, 4);
});

test('ollama: generate (stream and not), embed and list', async (t) => {
  const server = await startRenderServer((req) => (req.path === '/api/generate' ? { text: 'Echo: {{last_user_message}}' } : {}), { knownModels: ['llama3.1:8b', 'nomic-embed-text'] });
  t.teardown(() => server.close());
  const ollama = new Ollama({ host: server.url });
  const plain = await ollama.generate({ model: 'llama3.1:8b', prompt: 'ping', stream: false });
  t.is(plain.response, 'Echo: ping');
  t.true(Array.isArray(plain.context) && plain.context.length > 0);
  let streamed = '';
  for await (const part of await ollama.generate({ model: 'llama3.1:8b', prompt: 'ping', stream: true })) streamed += part.response;
  t.is(streamed, 'Echo: ping');

  const embedded = await ollama.embed({ model: 'nomic-embed-text', input: ['a', 'b', 'a'] });
  t.is(embedded.embeddings.length, 3);
  t.is(embedded.embeddings[0]!.length, 8);
  t.deepEqual(embedded.embeddings[0], embedded.embeddings[2]);

  const list = await ollama.list();
  t.deepEqual(list.models.map((m) => m.name), ['llama3.1:8b', 'nomic-embed-text']);
  t.is(list.models[0]!.details.parameter_size, '8B');
});

// ---------- Anthropic ----------

test('anthropic: messages.create returns text, tool_use and usage', async (t) => {
  const server = await startRenderServer({ ...TOOL_REPLY, usage: { prompt_tokens: 20, completion_tokens: 9 } });
  t.teardown(() => server.close());
  const client = new Anthropic({ baseURL: server.url, apiKey: 'test' });
  const message = await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 100, messages: [{ role: 'user', content: 'Weather?' }] });
  t.is(message.stop_reason, 'tool_use');
  t.deepEqual(
    message.content.map((b) => (b.type === 'text' ? ['text', b.text] : b.type === 'tool_use' ? ['tool_use', b.name, b.input] : [b.type])),
    [
      ['text', 'Let me check.'],
      ['tool_use', 'get_weather', { city: 'Paris' }],
      ['tool_use', 'get_weather', { city: 'Zürich "ZH"' }],
    ],
  );
  t.deepEqual([message.usage.input_tokens, message.usage.output_tokens], [20, 9]);
});

test('anthropic: messages.stream with thinking, text and tool_use → finalMessage()', async (t) => {
  const server = await startRenderServer({ ...TOOL_REPLY, reasoning: 'Let me think about the weather.', chunking: 'word' });
  t.teardown(() => server.close());
  const client = new Anthropic({ baseURL: server.url, apiKey: 'test' });
  const stream = client.messages.stream({ model: 'claude-mock-1', max_tokens: 100, messages: [{ role: 'user', content: 'Weather?' }], thinking: { type: 'enabled', budget_tokens: 1024 } });
  let text = '';
  stream.on('text', (delta) => (text += delta));
  const message = await stream.finalMessage();
  t.is(text, 'Let me check.');
  const [thinking, textBlock, ...tools] = message.content;
  t.is(thinking?.type === 'thinking' ? thinking.thinking : undefined, 'Let me think about the weather.');
  t.true(thinking?.type === 'thinking' && thinking.signature.length > 0);
  t.is(textBlock?.type === 'text' ? textBlock.text : undefined, 'Let me check.');
  t.deepEqual(
    tools.map((b) => (b.type === 'tool_use' ? [b.name, b.input] : [])),
    [
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Zürich "ZH"' }],
    ],
  );
  t.is(message.stop_reason, 'tool_use');
  t.true(message.usage.output_tokens > 0);
});

test('anthropic: a 529 reply is an overloaded error', async (t) => {
  const server = await startRenderServer({ status: 529, text: 'Overloaded' });
  t.teardown(() => server.close());
  const client = new Anthropic({ baseURL: server.url, apiKey: 'test', maxRetries: 0 });
  const error = await t.throwsAsync(client.messages.create({ model: 'c', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }));
  t.is((error as InstanceType<typeof Anthropic.APIError>).status, 529);
  t.regex(error?.message ?? '', /overloaded_error/);
});

// ---------- Gemini ----------

test('gemini: generateContent and generateContentStream (text, thought, functionCall, usage)', async (t) => {
  const reply: ReplySpec = { reasoning: 'Hmm.', text: 'Bonjour le monde 🌍', tool_calls: [{ name: 'get_weather', arguments: { city: 'Nice' } }], usage: { prompt_tokens: 6 } };
  const server = await startRenderServer(reply);
  t.teardown(() => server.close());
  const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: server.url } });
  // `response.text` warns when functionCall parts are present, so read the text parts directly.
  const textOf = (r: GenerateContentResponse) =>
    (r.candidates?.[0]?.content?.parts ?? [])
      .filter((p) => typeof p.text === 'string' && !p.thought)
      .map((p) => p.text)
      .join('');
  const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello' });
  t.is(textOf(response), 'Bonjour le monde 🌍');
  t.deepEqual(response.functionCalls?.map((c) => [c.name, c.args]), [['get_weather', { city: 'Nice' }]]);
  t.is(response.candidates?.[0]?.finishReason, FinishReason.STOP);
  t.is(response.usageMetadata?.promptTokenCount, 6);
  t.is(response.usageMetadata?.thoughtsTokenCount, 1);
  t.is(server.requests[0]!.path, '/v1beta/models/gemini-2.5-flash:generateContent');

  let text = '';
  const calls: unknown[] = [];
  let usage;
  for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Say hello' })) {
    text += textOf(chunk);
    calls.push(...(chunk.functionCalls ?? []).map((c) => [c.name, c.args]));
    usage = chunk.usageMetadata;
  }
  t.is(text, 'Bonjour le monde 🌍');
  t.deepEqual(calls, [['get_weather', { city: 'Nice' }]]);
  t.is(usage?.promptTokenCount, 6);
  t.is(usage?.totalTokenCount, 6 + (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0));
  t.is(server.requests[1]!.query.get('alt'), 'sse');
});

test('gemini: a text-only reply reads through response.text, stream and not', async (t) => {
  const server = await startRenderServer({ text: 'Just text, {{model}}.' });
  t.teardown(() => server.close());
  const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: server.url } });
  const response = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'x' });
  t.is(response.text, 'Just text, gemini-2.0-flash.');
  let streamed = '';
  for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'x' })) streamed += chunk.text ?? '';
  t.is(streamed, 'Just text, gemini-2.0-flash.');
});
