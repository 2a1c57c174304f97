import test from 'ava';
import type { ReplySpec, StoredResponse } from '../../../src/cassette/types.js';
import { renderReply, rendererFor } from '../../../src/handwritten/renderer.js';
import type { RequestView } from '../../../src/providers/provider.js';
import { detectProvider } from '../../../src/providers/registry.js';
import { planFromStored } from '../../../src/replay/plan.js';
import { PROVIDERS } from '../../../src/providers/registry.js';

function req(target: string, json?: unknown, method = 'POST'): RequestView {
  const url = new URL(target, 'http://127.0.0.1');
  return { method, path: url.pathname, query: url.searchParams, headers: {}, json };
}

function render(reply: ReplySpec, r: RequestView, now?: () => number): StoredResponse {
  return renderReply(reply, r, { provider: detectProvider(r), knownModels: ['alpha', 'beta'], ...(now ? { now } : {}) });
}

function bytes(stored: StoredResponse): string {
  const plan = planFromStored(stored);
  return plan.body ? plan.body.toString('utf8') : plan.stream!.frames.map((f) => f.bytes.toString('utf8')).join('');
}

function lines(stored: StoredResponse): any[] {
  return stored.stream!.events.map((e) => e.data ?? e.text ?? e.raw);
}

const CHAT = req('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

test('the same request and reply render the same bytes; another request gets other ids', (t) => {
  const reply: ReplySpec = { text: 'Hello', tool_calls: [{ name: 'f', arguments: {} }] };
  t.is(bytes(render(reply, CHAT)), bytes(render(reply, CHAT)));
  const other = req('/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
  const [a, b] = [JSON.parse(bytes(render(reply, CHAT))), JSON.parse(bytes(render(reply, other)))];
  t.not(a.id, b.id);
  t.not(a.choices[0].message.tool_calls[0].id, b.choices[0].message.tool_calls[0].id);
  t.true(a.created >= Date.UTC(2024, 0, 1) / 1000 && a.created < Date.UTC(2025, 0, 1) / 1000);
});

test('reply.id and ctx.now override the derived id and created', (t) => {
  const json = JSON.parse(bytes(render({ text: 'x', id: 'chatcmpl-fixed' }, CHAT, () => 1_700_000_000_500)));
  t.is(json.id, 'chatcmpl-fixed');
  t.is(json.created, 1_700_000_000);
});

test('templates render in text, reasoning and tool-call arguments', (t) => {
  const reply: ReplySpec = {
    text: 'You said {{last_user_message}} to {{model}}',
    reasoning: '{{message_count}} message(s)',
    tool_calls: [
      { name: 'echo', arguments: { said: '{{last_user_message}}' } },
      { name: 'echo', arguments: '{"said":"{{body.messages.0.content}}"}' },
    ],
  };
  const message = JSON.parse(bytes(render(reply, CHAT))).choices[0].message;
  t.is(message.content, 'You said hi to gpt-4o');
  t.is(message.reasoning_content, '1 message(s)');
  t.deepEqual(
    message.tool_calls.map((c: any) => c.function.arguments),
    ['{"said":"hi"}', '{"said":"hi"}'],
  );
});

test('stream offsets follow ttft and tokens_per_second; a non-stream reply is ready at the end', (t) => {
  const reply: ReplySpec = { text: 'aaaa bbbb cccc', chunking: 'word', ttft_ms: 200, tokens_per_second: 20, pauses: { '2': 1000 } };
  const stream = render(reply, req('/v1/chat/completions', { model: 'm', messages: [], stream: true }));
  const times = stream.stream!.events.map((e) => e.t);
  // role chunk, 3 words, finish chunk, [DONE]
  t.deepEqual(times, [0, 200, 300, 1400, 1400, 1400]);
  t.deepEqual(stream.timing, { total_ms: 1400 });
  const json = render(reply, req('/v1/chat/completions', { model: 'm', messages: [] }));
  t.deepEqual(json.timing, { headers_ms: 1400, total_ms: 1400 });
  const plan = planFromStored(json);
  t.is(plan.headersAtMs, 1400);
});

test('an explicit chunk list is streamed as written', (t) => {
  const stream = render({ text: 'Hello world', chunking: ['Hel', 'lo wor', 'ld'] }, req('/v1/chat/completions', { model: 'm', messages: [], stream: true }));
  t.deepEqual(
    lines(stream)
      .map((d) => d?.choices?.[0]?.delta?.content)
      .filter((c) => c),
    ['Hel', 'lo wor', 'ld'],
  );
});

test('finish_reason maps into each provider vocabulary', (t) => {
  const length: ReplySpec = { text: 'cut', finish_reason: 'length' };
  t.is(JSON.parse(bytes(render(length, CHAT))).choices[0].finish_reason, 'length');
  t.is(JSON.parse(bytes(render(length, req('/v1/messages', { model: 'c', messages: [] })))).stop_reason, 'max_tokens');
  t.is(JSON.parse(bytes(render(length, req('/v1beta/models/g:generateContent', {})))).candidates[0].finishReason, 'MAX_TOKENS');
  t.is(JSON.parse(bytes(render(length, req('/api/chat', { model: 'l', messages: [], stream: false })))).done_reason, 'length');
  const responses = JSON.parse(bytes(render(length, req('/v1/responses', { model: 'o', input: 'x' }))));
  t.deepEqual([responses.status, responses.incomplete_details], ['incomplete', { reason: 'max_output_tokens' }]);
  // Native spellings translate; unknown values go through verbatim.
  t.is(JSON.parse(bytes(render({ text: 'x', finish_reason: 'end_turn' }, CHAT))).choices[0].finish_reason, 'stop');
  t.is(JSON.parse(bytes(render({ text: 'x', finish_reason: 'pause_turn' }, req('/v1/messages', { messages: [] })))).stop_reason, 'pause_turn');
  // Tool calls default to the provider's tool finish.
  t.is(JSON.parse(bytes(render({ tool_calls: [{ name: 'f', arguments: {} }] }, req('/v1/messages', { messages: [] })))).stop_reason, 'tool_use');
  t.is(JSON.parse(bytes(render({ tool_calls: [{ name: 'f', arguments: {} }] }, req('/v1beta/models/g:generateContent', {})))).candidates[0].finishReason, 'STOP');
});

test('status >= 400 renders the provider error body with the reply text', (t) => {
  const openai = render({ status: 429, text: 'Rate limit reached for {{model}}' }, CHAT);
  t.is(openai.status, 429);
  t.deepEqual(JSON.parse(bytes(openai)).error.message, 'Rate limit reached for gpt-4o');
  // Pretty-printed without a trailing LF, as api.openai.com prints errors.
  t.true(bytes(openai).endsWith('\n}'));
  const anthropic = render({ status: 529 }, req('/v1/messages', { messages: [], stream: true }));
  t.deepEqual(JSON.parse(bytes(anthropic)), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  const gemini = render({ status: 404, text: 'models/x is not found' }, req('/v1beta/models/x:streamGenerateContent?alt=sse', {}));
  t.is(gemini.headers?.['content-type'], 'text/event-stream');
  t.is(JSON.parse(bytes(gemini)).error.status, 'NOT_FOUND');
  const ollama = render({ status: 404, text: "model 'x' not found" }, req('/api/chat', { model: 'x', messages: [] }));
  t.is(bytes(ollama), `{"error":"model 'x' not found"}`);
  t.is(ollama.headers?.['content-type'], 'application/json; charset=utf-8');
});

test('routing: OpenAI-compatible prefixes, Ollama /v1, Azure deployments', (t) => {
  t.is(rendererFor(PROVIDERS.openai, '/openai/deployments/gpt4/chat/completions').name, 'renderOpenAIChat');
  t.is(rendererFor(PROVIDERS.openai, '/v1beta/openai/chat/completions').name, 'renderOpenAIChat');
  t.is(rendererFor(PROVIDERS.openai, '/v1/completions').name, 'renderOpenAICompletions');
  t.is(rendererFor(PROVIDERS.openai, '/v1/models/gpt-4o').name, 'renderOpenAIModels');
  t.is(rendererFor(PROVIDERS.openai, '/something/else').name, 'renderOpenAIChat');
  t.is(rendererFor(PROVIDERS.ollama, '/api/embeddings').name, 'renderOllamaEmbed');
  t.is(rendererFor(PROVIDERS.anthropic, '/v1/messages/count_tokens').name, 'renderAnthropicCountTokens');
  t.is(rendererFor(PROVIDERS.gemini, '/v1beta/models/g:countTokens').name, 'renderGeminiCountTokens');
});

test('ollama metrics follow the pace; counts follow usage', (t) => {
  const reply: ReplySpec = { text: 'aaaabbbbcccc', ttft_ms: 50, tokens_per_second: 10, usage: { prompt_tokens: 7 } };
  const final = JSON.parse(bytes(render(reply, req('/api/chat', { model: 'l', messages: [{ role: 'user', content: 'x' }], stream: false }))));
  t.is(final.prompt_eval_duration, 50_000_000);
  t.is(final.eval_duration, 200_000_000);
  t.is(final.total_duration, final.load_duration + final.prompt_eval_duration + final.eval_duration);
  t.deepEqual([final.prompt_eval_count, final.eval_count], [7, 3]);
  const stream = render(reply, req('/api/chat', { model: 'l', messages: [] }));
  const ats = lines(stream).map((l) => l.created_at);
  t.deepEqual(
    ats.map((a: string) => Date.parse(a) - Date.parse(ats[0])),
    [0, 100, 200, 200],
  );
  // Go-style RFC 3339: no trailing zeros in the fraction.
  t.true(ats.every((a: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/.test(a)));
});

test('ollama catalog endpoints list known models and answer version/show/ps/embeddings', (t) => {
  const tags = JSON.parse(bytes(render({}, req('/api/tags', undefined, 'GET'))));
  t.deepEqual(tags.models.map((m: any) => m.name), ['alpha', 'beta']);
  t.regex(tags.models[0].digest, /^[0-9a-f]{64}$/);
  t.deepEqual(JSON.parse(bytes(render({}, req('/api/version', undefined, 'GET')))), { version: '0.12.6' });
  const show = JSON.parse(bytes(render({}, req('/api/show', { model: 'llama3.1:70b' }))));
  t.is(show.details.parameter_size, '70B');
  t.is(show.details.family, 'llama');
  const ps = JSON.parse(bytes(render({ model: 'gamma' }, req('/api/ps', undefined, 'GET'))));
  t.deepEqual(ps.models.map((m: any) => m.name), ['alpha', 'beta', 'gamma']);
  const legacy = JSON.parse(bytes(render({ embedding_dimensions: 3 }, req('/api/embeddings', { model: 'e', prompt: 'hi' }))));
  t.is(legacy.embedding.length, 3);
  const embed = JSON.parse(bytes(render({}, req('/api/embed', { model: 'e', input: 'hi', dimensions: 5 }))));
  t.is(embed.embeddings[0].length, 5);
});

test('embeddings: same input and seed → same vector across endpoints; seed changes it', (t) => {
  const a = JSON.parse(bytes(render({}, req('/v1/embeddings', { model: 'x', input: 'same', encoding_format: 'float' })))).data[0].embedding;
  const b = JSON.parse(bytes(render({}, req('/api/embed', { model: 'y', input: ['same'] })))).embeddings[0];
  const c = JSON.parse(bytes(render({ seed: 7 }, req('/v1/embeddings', { model: 'x', input: 'same', encoding_format: 'float' })))).data[0].embedding;
  t.deepEqual(a, b);
  t.notDeepEqual(a, c);
});

test('openai models: list and single model, reply.model added to the list', (t) => {
  const list = JSON.parse(bytes(render({ model: 'custom' }, req('/v1/models', undefined, 'GET'))));
  t.deepEqual(list.data.map((m: any) => m.id), ['alpha', 'beta', 'custom']);
  t.deepEqual(Object.keys(list.data[0]), ['id', 'object', 'created', 'owned_by']);
  const one = JSON.parse(bytes(render({}, req('/v1/models/ft%3Agpt-4o', undefined, 'GET'))));
  t.is(one.id, 'ft:gpt-4o');
});

test('gemini: stream without alt=sse answers one JSON array; countTokens and embedContent', (t) => {
  const array = render({ text: 'Hello there' }, req('/v1beta/models/g:streamGenerateContent', { contents: [] }));
  const parsed = JSON.parse(bytes(array));
  t.true(Array.isArray(parsed));
  t.is(parsed.map((c: any) => c.candidates[0].content.parts[0].text).join(''), 'Hello there');
  t.deepEqual(JSON.parse(bytes(render({}, req('/v1beta/models/g:countTokens', { contents: [{ parts: [{ text: 'abcdefgh' }] }] })))).totalTokens, 2);
  t.is(JSON.parse(bytes(render({ embedding_dimensions: 4 }, req('/v1beta/models/e:embedContent', { content: { parts: [{ text: 'x' }] } })))).embedding.values.length, 4);
  const batch = JSON.parse(bytes(render({}, req('/v1beta/models/e:batchEmbedContents', { requests: [{ content: { parts: [{ text: 'x' }] }, outputDimensionality: 3 }, { content: { parts: [{ text: 'y' }] } }] }))));
  t.deepEqual(batch.embeddings.map((e: any) => e.values.length), [3, 8]);
});

test('an empty reply still renders a valid, empty answer', (t) => {
  const chat = JSON.parse(bytes(render({}, CHAT)));
  t.is(chat.choices[0].message.content, '');
  const stream = render({}, req('/v1/messages', { messages: [], stream: true }));
  t.deepEqual(
    stream.stream!.events.map((e) => e.event),
    ['message_start', 'content_block_start', 'ping', 'content_block_stop', 'message_delta', 'message_stop'],
  );
});

test('rendered responses are valid cassette responses (schema)', async (t) => {
  const { cassetteProblems } = await import('../../../src/cassette/validate.js');
  const { DEFAULT_KEY_OPTIONS } = await import('../../../src/match/request-key.js');
  const reply: ReplySpec = { text: 'Hi', reasoning: 'r', tool_calls: [{ name: 'f', arguments: { a: 1 } }], ttft_ms: 10, tokens_per_second: 50 };
  const targets: Array<[string, unknown, string?]> = [
    ['/v1/chat/completions', { model: 'm', messages: [], stream: true, stream_options: { include_usage: true } }],
    ['/v1/chat/completions', { model: 'm', messages: [] }],
    ['/v1/responses', { model: 'm', input: 'x', stream: true }],
    ['/v1/completions', { model: 'm', prompt: 'x', stream: true }],
    ['/v1/embeddings', { model: 'm', input: 'x' }],
    ['/v1/models', undefined, 'GET'],
    ['/api/chat', { model: 'm', messages: [] }],
    ['/api/generate', { model: 'm', prompt: 'x', stream: false }],
    ['/api/tags', undefined, 'GET'],
    ['/v1/messages', { model: 'm', messages: [], stream: true }],
    ['/v1beta/models/g:streamGenerateContent?alt=sse', { contents: [] }],
    ['/v1beta/models/g:generateContent', { contents: [] }],
  ];
  const interactions = targets.map(([path, json, method]) => {
    const r = req(path, json, method ?? 'POST');
    return { request: { method: r.method, path: r.path }, response: render(reply, r) };
  });
  interactions.push({ request: { method: 'POST', path: '/v1/messages' }, response: render({ status: 529 }, req('/v1/messages', { messages: [] })) });
  t.deepEqual(cassetteProblems({ version: 1, interactions }, { key: DEFAULT_KEY_OPTIONS, checkStoredKeys: false }), []);
});
