import test from 'ava';
import type { MatchSpec } from '../../../src/cassette/types.js';
import { evaluateMatch } from '../../../src/handwritten/match-spec.js';
import type { ProviderName, RequestView } from '../../../src/providers/provider.js';
import { PROVIDERS } from '../../../src/providers/registry.js';

function req(path: string, json?: unknown, method = 'POST'): RequestView {
  const url = new URL(path, 'http://127.0.0.1');
  return { method, path: url.pathname, query: url.searchParams, headers: {}, json };
}

function failed(spec: MatchSpec, r: RequestView, provider: ProviderName = 'openai'): string[] {
  return evaluateMatch(spec, r, PROVIDERS[provider]).failed;
}

const chat = req('/v1/chat/completions', {
  model: 'gpt-4o-mini',
  stream: true,
  messages: [
    { role: 'developer', content: 'Be terse.' },
    { role: 'user', content: 'What is the weather in Paris?' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'c1', content: 'Sunny, 21°C' },
    { role: 'assistant', content: 'It is sunny.' },
    { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }, { type: 'image_url', image_url: { url: 'x' } }] },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather' } }],
});

test('an empty spec matches anything, with nothing passed', (t) => {
  t.deepEqual(evaluateMatch({}, chat, PROVIDERS.openai), { matched: true, failed: [], passed: 0 });
});

test('every condition that holds counts as passed', (t) => {
  const spec: MatchSpec = {
    method: 'post',
    path: '/v1/**',
    provider: 'openai',
    model: { prefix: 'gpt-4' },
    body: { stream: true, messages: [{ role: 'developer' }] },
    last_user_message: 'tomorrow',
    system: { regex: '^be', flags: 'i' },
    conversation: [{ role: 'user', content: 'Paris' }, { role: 'tool' }, { role: 'user' }],
    has_tools: true,
    has_tool_result: true,
    stream: true,
  };
  t.deepEqual(evaluateMatch(spec, chat, PROVIDERS.openai), { matched: true, failed: [], passed: 11 });
});

test('method is case-insensitive and explains a mismatch', (t) => {
  t.deepEqual(failed({ method: 'get' }, chat), ['method: wanted GET but got POST']);
  t.deepEqual(failed({ method: 'POST' }, chat), []);
});

test('path glob: * stays within a segment, ** crosses segments', (t) => {
  t.deepEqual(failed({ path: '/v1/*/completions' }, chat), []);
  t.deepEqual(failed({ path: '/v1/*' }, chat), ["path: wanted glob '/v1/*' but got '/v1/chat/completions'"]);
  t.deepEqual(failed({ path: '/v1/**' }, chat), []);
  t.deepEqual(failed({ path: '/**/completions' }, chat), []);
  t.deepEqual(failed({ path: '/v1/**/completions' }, req('/v1/completions', {})), []);
  t.deepEqual(failed({ path: '/openai/deployments/*/chat/completions' }, req('/openai/deployments/gpt4/chat/completions?api-version=1', {})), []);
  t.deepEqual(failed({ path: '/v1beta/models/*:generateContent' }, req('/v1beta/models/gemini-2.0-flash:generateContent', {}), 'gemini'), []);
  t.deepEqual(failed({ path: '/v1/chat.completions' }, chat).length, 1, 'dots are literal');
});

test('provider compares with the detected adapter', (t) => {
  t.deepEqual(failed({ provider: 'anthropic' }, chat), ['provider: wanted anthropic but the request is openai']);
});

test('model: exact, prefix, regex, and the explanations', (t) => {
  const llama = req('/api/chat', { model: 'llama3', messages: [] });
  t.deepEqual(failed({ model: { prefix: 'gpt-4' } }, llama, 'ollama'), ["model: wanted prefix 'gpt-4' but got 'llama3'"]);
  t.deepEqual(failed({ model: 'llama3' }, llama, 'ollama'), []);
  t.deepEqual(failed({ model: 'llama3.1' }, llama, 'ollama'), ["model: wanted 'llama3.1' but got 'llama3'"]);
  t.deepEqual(failed({ model: { regex: '^llama\\d$' } }, llama, 'ollama'), []);
  t.deepEqual(failed({ model: { prefix: 'llama', regex: '70b' } }, llama, 'ollama'), ["model: wanted prefix 'llama' and regex /70b/ but got 'llama3'"]);
  t.deepEqual(failed({ model: 'x' }, req('/v1/chat/completions', { messages: [] })), ["model: wanted 'x' but the request names no model"]);
  // Ollama's /api/show names the model `name` in older clients; Gemini names it in the path.
  t.deepEqual(failed({ model: 'mistral' }, req('/api/show', { name: 'mistral' }), 'ollama'), []);
  t.deepEqual(failed({ model: { prefix: 'gemini-2' } }, req('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', {}), 'gemini'), []);
  t.deepEqual(failed({ model: { regex: '(' } }, llama, 'ollama').length, 1);
  t.regex(failed({ model: { regex: '(' } }, llama, 'ollama')[0]!, /^model: invalid regex/);
});

test('body: deep partial subset, arrays by position, with a pointer to the first difference', (t) => {
  t.deepEqual(failed({ body: { messages: [{ role: 'developer' }, { role: 'user' }] } }, chat), []);
  t.deepEqual(failed({ body: { messages: [{ role: 'user' }] } }, chat), ["body: at /messages/0/role wanted 'user' but got 'developer'"]);
  t.deepEqual(failed({ body: { temperature: 0 } }, chat), ['body: at /temperature wanted 0 but the field is missing']);
  t.deepEqual(failed({ body: { tools: [{}, {}] } }, chat), ['body: at /tools wanted at least 2 items but got 1']);
  t.deepEqual(failed({ body: { stream: { a: 1 } } }, chat), ['body: at /stream wanted an object but got true']);
  t.deepEqual(failed({ body: { model: null } }, chat), ["body: at /model wanted null but got 'gpt-4o-mini'"]);
  t.deepEqual(failed({ body: { a: 1 } }, req('/v1/models', undefined, 'GET')), ['body: the request has no JSON body']);
});

test('last_user_message: substring, contains, regex with flags; content parts joined', (t) => {
  t.deepEqual(failed({ last_user_message: 'And tomorrow?' }, chat), []);
  t.deepEqual(failed({ last_user_message: { contains: 'tomorrow' } }, chat), []);
  t.deepEqual(failed({ last_user_message: { regex: '^and', flags: 'i' } }, chat), []);
  t.deepEqual(failed({ last_user_message: 'Paris' }, chat), ["last_user_message: wanted substring 'Paris' but got 'And tomorrow?'"]);
  t.deepEqual(failed({ last_user_message: { regex: '^and' } }, chat), ["last_user_message: wanted regex /^and/ but got 'And tomorrow?'"]);
  t.deepEqual(failed({ last_user_message: { contains: 'x', regex: 'y' } }, chat), ["last_user_message: wanted substring 'x' and regex /y/ but got 'And tomorrow?'"]);
  t.deepEqual(failed({ last_user_message: 'x' }, req('/v1/chat/completions', { messages: [] })), ["last_user_message: wanted substring 'x' but the request has no user message"]);
  t.regex(failed({ last_user_message: { regex: '[' } }, chat)[0]!, /^last_user_message: invalid pattern/);
});

test('long texts are cut in explanations', (t) => {
  const long = req('/v1/chat/completions', { messages: [{ role: 'user', content: 'x'.repeat(500) }] });
  const [line] = failed({ last_user_message: 'y' }, long);
  t.true(line!.length < 120);
  t.true(line!.endsWith("…'"));
});

test('conversation: steps match in order as a subsequence', (t) => {
  // "the assistant's second turn after the user asked about Paris"
  t.deepEqual(failed({ conversation: [{ role: 'user', content: 'Paris' }, { role: 'assistant' }, { role: 'assistant', content: 'sunny' }] }, chat), []);
  t.deepEqual(failed({ conversation: [{ role: 'system', content: 'terse' }, { role: 'user' }] }, chat), [], 'developer reads as system');
  t.deepEqual(failed({ conversation: [{ content: 'tomorrow' }, { content: 'Paris' }] }, chat), [
    "conversation: step 2 {content substring 'Paris'} found no message after message 6 (matched steps 1-1)",
  ]);
  t.deepEqual(failed({ conversation: [{ role: 'model' }] }, chat), [], 'model reads as assistant');
  t.deepEqual(failed({ conversation: [{ role: 'critic' }] }, chat), ['conversation: step 1 {role critic} found no message among 6 messages']);
});

test('has_tools and has_tool_result explain both directions', (t) => {
  const plain = req('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  t.deepEqual(failed({ has_tools: true, has_tool_result: true }, plain), [
    'has_tools: wanted true but the request declares no tools',
    'has_tool_result: wanted true but the conversation has no tool result',
  ]);
  t.deepEqual(failed({ has_tools: false, has_tool_result: false }, chat), [
    'has_tools: wanted false but the request declares tools',
    'has_tool_result: wanted false but the conversation has a tool result',
  ]);
});

test('stream uses the adapter: OpenAI flag, Ollama default true, Gemini path', (t) => {
  t.deepEqual(failed({ stream: false }, chat), ['stream: wanted false but the request asks for a streamed response']);
  t.deepEqual(failed({ stream: true }, req('/api/chat', { model: 'm', messages: [] }), 'ollama'), []);
  t.deepEqual(failed({ stream: false }, req('/api/chat', { model: 'm', messages: [], stream: false }), 'ollama'), []);
  t.deepEqual(failed({ stream: true }, req('/v1beta/models/g:generateContent', {}), 'gemini'), [
    'stream: wanted true but the request asks for a non-streamed response',
  ]);
});

test('several failures are all reported, passed counts the rest', (t) => {
  const result = evaluateMatch({ method: 'POST', model: 'nope', stream: false, has_tools: true }, chat, PROVIDERS.openai);
  t.false(result.matched);
  t.is(result.passed, 2);
  t.deepEqual(result.failed, ["model: wanted 'nope' but got 'gpt-4o-mini'", 'stream: wanted false but the request asks for a streamed response']);
});

// ---------- message extraction per provider ----------

test('OpenAI Responses input: string, message items with parts, function calls and outputs, instructions', (t) => {
  const simple = req('/v1/responses', { model: 'gpt-4.1', input: 'Capital of France?', instructions: 'Answer briefly.' });
  t.deepEqual(failed({ last_user_message: 'France', system: 'briefly' }, simple), []);
  const items = req('/v1/responses', {
    model: 'gpt-4.1',
    input: [
      { role: 'user', content: [{ type: 'input_text', text: 'Weather in Rome?' }] },
      { type: 'function_call', call_id: 'c', name: 'get_weather', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c', output: 'Rainy' },
    ],
    tools: [{ type: 'function', name: 'get_weather' }],
  });
  t.deepEqual(failed({ last_user_message: 'Rome', has_tool_result: true, has_tools: true, conversation: [{ role: 'assistant' }, { role: 'tool', content: 'Rainy' }] }, items), []);
});

test('legacy completions prompt reads as the user message', (t) => {
  t.deepEqual(failed({ last_user_message: 'Once upon' }, req('/v1/completions', { model: 'davinci', prompt: 'Once upon a time' })), []);
  t.deepEqual(failed({ last_user_message: 'second' }, req('/v1/completions', { model: 'davinci', prompt: ['first', 'second'] })), []);
});

test('Ollama: chat messages with tool role, generate prompt + system', (t) => {
  const ollamaChat = req('/api/chat', {
    model: 'llama3.1',
    messages: [
      { role: 'system', content: 'You are a bot.' },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'SF' } } }] },
      { role: 'tool', content: '70 degrees' },
    ],
    tools: [{ type: 'function', function: { name: 'get_weather' } }],
  });
  t.deepEqual(failed({ system: 'bot', last_user_message: 'Weather', has_tool_result: true, has_tools: true }, ollamaChat, 'ollama'), []);
  const generate = req('/api/generate', { model: 'llama3', prompt: 'Tell a joke', system: 'Be funny' });
  t.deepEqual(failed({ system: 'funny', last_user_message: 'joke', has_tools: false }, generate, 'ollama'), []);
});

test('Anthropic: system string or blocks; tool_result blocks are tool turns', (t) => {
  const msg = req('/v1/messages', {
    model: 'claude-3-5-sonnet',
    system: [{ type: 'text', text: 'You are Claude.' }],
    messages: [
      { role: 'user', content: 'Weather in SF?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 't', name: 'get_weather', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'Foggy' }] }, { type: 'text', text: 'Thanks!' }] },
    ],
    tools: [{ name: 'get_weather', input_schema: {} }],
  });
  t.deepEqual(
    failed({ system: 'Claude', last_user_message: 'Thanks', has_tool_result: true, has_tools: true, conversation: [{ role: 'assistant' }, { role: 'tool', content: 'Foggy' }, { role: 'user' }] }, msg, 'anthropic'),
    [],
  );
  t.deepEqual(failed({ system: 'plain' }, req('/v1/messages', { system: 'plain prompt', messages: [] }), 'anthropic'), []);
  t.deepEqual(failed({ has_tool_result: false }, req('/v1/messages', { messages: [{ role: 'user', content: 'hi' }] }), 'anthropic'), []);
});

test('Gemini: contents parts, model role, functionResponse, systemInstruction', (t) => {
  const g = req('/v1beta/models/gemini-2.0-flash:generateContent', {
    systemInstruction: { parts: [{ text: 'Be kind.' }] },
    contents: [
      { role: 'user', parts: [{ text: 'Weather in Nice?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { sky: 'clear' } } }] },
      { role: 'model', parts: [{ text: 'Clear skies.' }] },
      { role: 'user', parts: [{ text: 'Merci' }] },
    ],
    tools: [{ functionDeclarations: [{ name: 'get_weather' }] }],
  });
  t.deepEqual(
    failed(
      {
        system: 'kind',
        last_user_message: 'Merci',
        has_tool_result: true,
        has_tools: true,
        conversation: [{ role: 'user', content: 'Nice' }, { role: 'tool', content: 'clear' }, { role: 'assistant', content: 'Clear skies' }],
      },
      g,
      'gemini',
    ),
    [],
  );
});

test('without path, only the provider endpoints match: an unknown path fails, explained, and counts nothing as passed', (t) => {
  t.deepEqual(evaluateMatch({}, req('/ollama/api/chat', { model: 'x' }), PROVIDERS.openai), {
    matched: false,
    failed: [`path: none given, so one of the openai endpoints, but '/ollama/api/chat' is none of them`],
    passed: 0,
  });
  t.true(evaluateMatch({ model: 'x' }, req('/api/chat', { model: 'x' }), PROVIDERS.ollama).matched);
  t.true(evaluateMatch({}, req('/v1beta/models/g:streamGenerateContent'), PROVIDERS.gemini).matched);
  t.false(evaluateMatch({}, req('/v1beta/models'), PROVIDERS.gemini).matched);
  t.true(evaluateMatch({ path: '/ollama/api/chat' }, req('/ollama/api/chat'), PROVIDERS.openai).matched);
});
