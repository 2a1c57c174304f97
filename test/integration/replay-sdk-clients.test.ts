/**
 * The official clients, pointed at a replay server over the bundled example cassettes
 * (built from real captured traffic), get the recorded results.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { startReplay } from '../../src/api/start-server.js';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import type { Cassette, RecordedInteraction } from '../../src/cassette/types.js';
import { bodyAsJson } from '../../src/cassette/body-codec.js';
import { replyText } from '../../src/providers/reply-text.js';
import { replayServer } from '../helpers/replay-fixture.js';

const BUNDLED = new URL('../../cassettes/', import.meta.url).pathname;
const bundled = (name: string) => JSON.parse(readFileSync(`${BUNDLED}${name}.json`, 'utf8')) as Cassette;
const recorded = (c: Cassette, id: string) => c.interactions.find((i) => i.id === id) as RecordedInteraction;

let server: MockllmHandle;
let ollamaServer: MockllmHandle;
test.before(async () => {
  server = await startReplay({ cassettes: BUNDLED });
  // The captured Ollama requests came from the Python client, which also sends
  // format/options/keep_alive (and system/template/context/raw/images for generate);
  // the JS client does not. Ignoring those pointers lets one cassette serve both.
  ollamaServer = await startReplay({
    cassettes: BUNDLED,
    cassette: 'ollama',
    ignore: ['/format', '/options', '/keep_alive', '/system', '/template', '/context', '/raw', '/images'],
  });
});
test.after.always(async () => {
  await server?.close();
  await ollamaServer?.close();
});

const openai = () => new OpenAI({ apiKey: 'sk-test-not-a-real-key', baseURL: server.baseURL('openai', 'openai'), maxRetries: 0 });

test('openai: chat stream', async (t) => {
  const stream = await openai().chat.completions.create({
    model: 'gpt-3.5-turbo',
    messages: [{ role: 'user', content: 'Tell me a joke about opentelemetry' }],
    stream: true,
  });
  let text = '';
  let finish: string | null = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  t.is(text, replyText(recorded(bundled('openai'), 'chat-stream').response));
  t.is(finish, 'stop');
});

test('openai: chat stream with include_usage', async (t) => {
  const stream = await openai().chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'developer', content: 'A streaming test agent' },
      { role: 'user', content: 'What is 10 + 5?' },
    ],
    stream: true,
    stream_options: { include_usage: true },
  });
  let usage;
  let text = '';
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  t.truthy(text.length);
  t.truthy(usage);
  t.true(usage!.total_tokens > 0);
});

test('openai: parallel tool-call deltas', async (t) => {
  const request = bodyAsJson(recorded(bundled('openai'), 'chat-stream-tool-calls-parallel').request.body) as OpenAI.ChatCompletionCreateParamsStreaming;
  const runner = openai().chat.completions.stream(request);
  const final = await runner.finalChatCompletion();
  const calls = final.choices[0]!.message.tool_calls!;
  t.is(calls.length, 2);
  t.is(final.choices[0]!.finish_reason, 'tool_calls');
  for (const call of calls) {
    t.is(call.type, 'function');
    if (call.type === 'function') {
      t.is(call.function.name, 'get_current_weather');
      t.truthy((JSON.parse(call.function.arguments) as { location?: string }).location);
    }
  }
});

test('openai: chat non-stream and non-stream tool calls', async (t) => {
  const completion = await openai().chat.completions.create({
    model: 'gpt-3.5-turbo',
    messages: [{ role: 'user', content: 'Tell me a joke about opentelemetry' }],
  });
  t.is(completion.choices[0]!.message.content, replyText(recorded(bundled('openai'), 'chat-nonstream').response));
  const tools = await openai().chat.completions.create(
    bodyAsJson(recorded(bundled('openai'), 'chat-nonstream-tool-calls').request.body) as OpenAI.ChatCompletionCreateParamsNonStreaming,
  );
  t.is(tools.choices[0]!.finish_reason, 'tool_calls');
  t.true((tools.choices[0]!.message.tool_calls?.length ?? 0) > 0);
});

test('openai: embeddings (SDK default base64, decoded by the SDK) and float', async (t) => {
  const e = await openai().embeddings.create({ model: 'text-embedding-ada-002', input: 'Tell me a joke about opentelemetry' });
  t.is(e.data[0]!.embedding.length, 1536);
  t.true(e.data[0]!.embedding.every((x) => typeof x === 'number' && Number.isFinite(x)));
  const f = await openai().embeddings.create({ model: 'text-embedding-3-small', input: ['South Atlantic Ocean.'], encoding_format: 'float' });
  t.true(f.data[0]!.embedding.length > 0);
});

test('openai: responses stream and non-stream', async (t) => {
  const events: string[] = [];
  let text = '';
  const stream = await openai().responses.create({ model: 'gpt-4.1-nano', input: 'What is 2+2?', stream: true });
  for await (const event of stream) {
    events.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
  }
  t.is(events[0], 'response.created');
  t.is(events.at(-1), 'response.completed');
  t.truthy(text);
  const r = await openai().responses.create({ model: 'gpt-4.1-nano', input: 'What is the capital of France?' });
  t.regex(r.output_text, /Paris/);
});

test('openai: a miss is a 404 the SDK does not retry, naming the differing pointer', async (t) => {
  const own = await startReplay({ cassettes: BUNDLED });
  t.teardown(() => own.close());
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: own.baseURL('openai', 'openai') }); // default retries on
  const error = await t.throwsAsync(
    client.chat.completions.create({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'Tell me a joke about kubernetes' }] }),
  );
  t.true(error instanceof OpenAI.NotFoundError);
  t.regex(error!.message, /\/messages\/0\/content: "Tell me a joke about kubernetes" vs "Tell me a joke about opentelemetry"/);
  t.is(own.stats().requests, 1, 'exactly one request reached the server');
});

test('ollama: chat stream and non-stream, generate, embeddings', async (t) => {
  const ollama = new Ollama({ host: ollamaServer.url });
  const cassette = bundled('ollama');
  let text = '';
  let last;
  for await (const part of await ollama.chat({ model: 'llama3', messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }], stream: true })) {
    text += part.message.content;
    last = part;
  }
  t.is(text, replyText(recorded(cassette, 'chat-stream').response));
  t.true(last!.done);
  t.is(last!.done_reason, 'stop');

  const chat = await ollama.chat({ model: 'llama3', messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }], stream: false });
  t.is(chat.message.content, replyText(recorded(cassette, 'chat-nonstream').response));

  const gen = await ollama.generate({ model: 'llama3', prompt: 'Tell me a joke about OpenTelemetry', stream: false });
  t.is(gen.response, replyText(recorded(cassette, 'generate-nonstream').response));
  let streamed = '';
  for await (const part of await ollama.generate({ model: 'llama3', prompt: 'Tell me a joke about OpenTelemetry', stream: true })) streamed += part.response;
  t.is(streamed, replyText(recorded(cassette, 'generate-stream').response));

  const emb = await ollama.embeddings({ model: 'llama3', prompt: 'all-minilm' });
  t.true(emb.embedding.length > 0);
});

// /api/embed and /api/tags have no real capture (see test/fixtures/captures/README.md "Gaps"):
// these responses follow the documented shapes of PROTOCOLS.md §3.4–3.5.
test('ollama: embed and list from a cassette of documented shapes', async (t) => {
  const json = (value: unknown) => ({ json: value });
  const s = await replayServer(t, {
    local: {
      version: 1,
      interactions: [
        {
          request: { method: 'POST', path: '/api/embed', body: json({ model: 'all-minilm', input: 'hello' }) },
          response: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: json({ model: 'all-minilm', embeddings: [[0.1, -0.2, 0.3]], total_duration: 1, load_duration: 1, prompt_eval_count: 1 }) },
        },
        {
          request: { method: 'GET', path: '/api/tags' },
          response: {
            status: 200,
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body: json({ models: [{ name: 'llama3:latest', model: 'llama3:latest', modified_at: '2024-05-01T10:00:00Z', size: 4661224676, digest: 'sha256:365c0bd3c000a25d28ddbf732fe1c6add414de7275464c4e4d1c3b5fcb5d8ad1', details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '8.0B', quantization_level: 'Q4_0' } }] }),
          },
        },
      ],
    },
  });
  const ollama = new Ollama({ host: s.url });
  const embed = await ollama.embed({ model: 'all-minilm', input: 'hello' });
  t.deepEqual(embed.embeddings, [[0.1, -0.2, 0.3]]);
  const list = await ollama.list();
  t.deepEqual(list.models.map((m) => m.name), ['llama3:latest']);
});
