/** The registry and what every adapter provides: one folder plus one registry line per provider. */
import { readFileSync } from 'node:fs';
import test from 'ava';
import type { Cassette } from '../../../src/cassette/types.js';
import { loadOverlayFiles } from '../../../src/faults/overlay-files.js';
import { handwrittenProblems } from '../../../src/handwritten/validate-handwritten.js';
import { type RequestView } from '../../../src/providers/provider.js';
import { detectProvider, PROVIDER_NAMES, PROVIDER_PATH_ROOTS, PROVIDER_STORED_REQUEST_HEADERS, PROVIDERS } from '../../../src/providers/registry.js';
import { MockllmError } from '../../../src/errors.js';
import { loadCapture } from '../../helpers/captures.js';

function view(path: string, headers: Record<string, string> = {}, json?: unknown): RequestView {
  const url = new URL(path, 'http://127.0.0.1');
  return { method: 'POST', path: url.pathname, query: url.searchParams, headers, json };
}

test('each registry line is an adapter under its own name; openai, the fallback, comes last', (t) => {
  for (const [name, adapter] of Object.entries(PROVIDERS)) t.is(adapter.name, name);
  t.deepEqual(PROVIDER_NAMES, ['anthropic', 'gemini', 'ollama', 'openai']);
  t.true(Object.isFrozen(PROVIDERS.openai));
});

test('detection by path and headers', (t) => {
  const cases: Array<[RequestView, string]> = [
    [view('/v1/chat/completions'), 'openai'],
    [view('/openai/deployments/gpt4/chat/completions'), 'openai'],
    [view('/v1beta/openai/chat/completions'), 'openai'],
    [view('/ollama/api/chat'), 'openai'],
    [view('/api/chat'), 'ollama'],
    [view('/v1/messages'), 'anthropic'],
    [view('/v1/models', { 'anthropic-version': '2023-06-01' }), 'anthropic'],
    [view('/v1beta/models/gemini-2.5-flash:generateContent'), 'gemini'],
    [view('/upload/v1beta/files', { 'x-goog-api-key': 'k' }), 'gemini'],
  ];
  for (const [req, name] of cases) t.is(detectProvider(req).name, name, req.path);
});

test('the core reads path roots and stored request headers from the adapters', (t) => {
  t.deepEqual([...PROVIDER_PATH_ROOTS].sort(), ['api', 'openai', 'v1', 'v1alpha', 'v1beta', 'v2']);
  t.deepEqual([...PROVIDER_STORED_REQUEST_HEADERS].sort(), ['anthropic-beta', 'anthropic-version', 'openai-beta']);
  t.deepEqual(PROVIDER_NAMES.map((n) => PROVIDERS[n].sdkBasePath), ['', '', '', '/v1']);
});

test('stream framing, terminator, ping and in-band error status come from the adapter', (t) => {
  const stream = { stream: true };
  t.is(PROVIDERS.openai.streamFraming(view('/v1/chat/completions', {}, stream)), 'sse');
  t.is(PROVIDERS.ollama.streamFraming(view('/api/chat', {}, {})), 'ndjson', 'Ollama streams by default');
  t.is(PROVIDERS.gemini.streamFraming(view('/v1beta/models/g:streamGenerateContent?alt=sse')), 'sse');
  t.is(PROVIDERS.gemini.streamFraming(view('/v1beta/models/g:streamGenerateContent')), undefined, 'without alt=sse: a JSON array');
  t.is(PROVIDERS.openai.streamFraming(view('/v1/chat/completions?stream=true', {}, {})), 'sse', '?stream=true asks any provider');
  t.true(PROVIDERS.openai.isTerminator(Buffer.from('data: [DONE]\n\n'), 'sse'));
  t.true(PROVIDERS.ollama.isTerminator(Buffer.from('{"done":true}\n'), 'ndjson'));
  t.true(PROVIDERS.anthropic.isTerminator(Buffer.from('event: message_stop\ndata: {}\n\n'), 'sse'));
  t.is(PROVIDERS.anthropic.pingFrame('\n'), 'event: ping\ndata: {"type": "ping"}\n\n');
  t.is(PROVIDERS.openai.pingFrame('\r\n'), ': ping\r\n\r\n');
  t.deepEqual(PROVIDER_NAMES.map((n) => PROVIDERS[n].streamErrorStatus), [529, 500, 500, 500]);
});

test('error bodies have the shape of the captured errors', (t) => {
  const keysOf = (body: Buffer) => Object.keys(JSON.parse(body.toString()) as object).sort();
  const anthropicCapture = JSON.parse(loadCapture('anthropic/error-404-messages').body.toString()) as { error: object };
  const anthropic = PROVIDERS.anthropic.errorBody({ status: 404, message: 'model: x' }, view('/v1/messages'));
  t.deepEqual(JSON.parse(anthropic.body.toString()), { type: 'error', error: { type: 'not_found_error', message: 'model: x' } });
  t.deepEqual(Object.keys(anthropicCapture.error).sort(), ['message', 'type']);
  t.is(anthropic.contentType, 'application/json');

  const geminiCapture = loadCapture('gemini/stream-error-404-model');
  const gemini = PROVIDERS.gemini.errorBody({ status: 404, message: 'nope' }, view('/v1beta/models/x:streamGenerateContent?alt=sse'));
  t.deepEqual(keysOf(gemini.body), keysOf(geminiCapture.body));
  t.is(gemini.contentType, geminiCapture.meta.response.headers['content-type'] as string);
  t.is(PROVIDERS.gemini.errorBody({ status: 404, message: 'nope' }, view('/v1beta/models/x:generateContent')).contentType, 'application/json; charset=UTF-8');

  t.is(PROVIDERS.ollama.errorBody({ status: 404, message: "model 'x' not found" }, view('/api/chat')).body.toString(), `{"error":"model 'x' not found"}`);
});

test('a provider name the registry does not know is a validation problem in cassettes and overlays', (t) => {
  const c: Cassette = { version: 1, models: { m: { provider: 'mistral' as never } }, interactions: [{ match: { provider: 'cohere' as never }, reply: { text: 'x' } }] };
  t.deepEqual(handwrittenProblems(c), [
    { pointer: '/interactions/0/match/provider', message: 'unknown provider "cohere"; known: anthropic, gemini, ollama, openai' },
    { pointer: '/models/m/provider', message: 'unknown provider "mistral"; known: anthropic, gemini, ollama, openai' },
  ]);
  const e = t.throws(() => loadOverlayFiles(['o.json'], () => JSON.stringify({ faults: [{ kind: 'hang', when: { provider: ['openai', 'cohere'] } }] })), { instanceOf: MockllmError });
  t.deepEqual(e.details, ['o.json: /faults/0/when/provider/1: unknown provider "cohere"; known: anthropic, gemini, ollama, openai']);
});

test('the schemas do not list providers: a new one is a folder and a registry line', (t) => {
  for (const schema of ['cassette', 'overlay']) {
    const text = readFileSync(new URL(`../../../schemas/${schema}.schema.json`, import.meta.url), 'utf8');
    t.false(/"enum":\s*\[\s*"openai"/.test(text), schema);
  }
});
