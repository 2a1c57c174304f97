/**
 * Issue 11 §6: API-key scenarios named for a provider fired on every provider —
 * `AUTH_FAILURE_OPENAI` sent as an Anthropic key failed the Anthropic call, and
 * `STREAM_PING_ANTHROPIC` put pings into OpenAI streams. Each now applies to its own
 * provider only; on any other provider the request is served as if the key were a plain one.
 */
import test from 'ava';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import type { Cassette } from '../../src/cassette/types.js';
import { ANTHROPIC_STREAM_BODY, FAULTS_CASSETTE, OPENAI_BODY, OPENAI_STREAM_BODY, OLLAMA_STREAM_BODY, WORDS, send } from '../helpers/fault-fixtures.js';
import { replayServer } from '../helpers/replay-fixture.js';

const GEMINI_RULE: Cassette = { version: 1, interactions: [{ id: 'gemini-rule', match: { provider: 'gemini' }, reply: { text: 'gemini ok' } }] };

type Provider = 'openai' | 'anthropic' | 'gemini' | 'ollama';

/** One call per provider through its official client with `key` as the API key; resolves to the HTTP status it met. */
function callers(base: string, baseURL: (p: 'openai' | 'anthropic') => string): Record<Provider, (key: string) => Promise<number>> {
  const status = (e: unknown) => (e as { status?: number }).status ?? -1;
  return {
    openai: (key) =>
      new OpenAI({ apiKey: key, baseURL: baseURL('openai'), maxRetries: 0 }).chat.completions.create(OPENAI_BODY as OpenAI.ChatCompletionCreateParamsNonStreaming).then(() => 200, status),
    anthropic: (key) =>
      new Anthropic({ apiKey: key, baseURL: baseURL('anthropic'), maxRetries: 0, logLevel: 'off' }).messages
        .stream(ANTHROPIC_STREAM_BODY as Anthropic.MessageStreamParams)
        .finalMessage()
        .then(() => 200, status),
    gemini: (key) =>
      new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: base } }).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }).then(() => 200, status),
    ollama: async (key) => {
      try {
        for await (const _ of await new Ollama({ host: base, headers: { authorization: `Bearer ${key}` } }).chat({ ...OLLAMA_STREAM_BODY, stream: true }));
        return 200;
      } catch (e) {
        return (e as { status_code?: number }).status_code ?? -1;
      }
    },
  };
}

test('AUTH_FAILURE_<PROVIDER> fails that provider only', async (t) => {
  const s = await replayServer(t, { faults: FAULTS_CASSETTE, hw: GEMINI_RULE });
  const call = callers(s.url, (p) => s.baseURL(p));
  const expected: Record<string, Provider> = { AUTH_FAILURE_OPENAI: 'openai', AUTH_FAILURE_ANTHROPIC: 'anthropic', AUTH_FAILURE_GEMINI: 'gemini' };
  for (const [key, owner] of Object.entries(expected)) {
    for (const provider of ['openai', 'anthropic', 'gemini', 'ollama'] as const) {
      t.is(await call[provider](key), provider === owner ? 401 : 200, `${key} on ${provider}`);
    }
  }
});

test('STREAM_ERROR_ANTHROPIC and STREAM_PING_ANTHROPIC leave an OpenAI stream alone, and act on Anthropic', async (t) => {
  const s = await replayServer(t, { faults: FAULTS_CASSETTE });
  for (const key of ['STREAM_ERROR_ANTHROPIC', 'STREAM_PING_ANTHROPIC']) {
    const openai = await send(s.url, { path: '/v1/chat/completions', body: OPENAI_STREAM_BODY, headers: { authorization: `Bearer ${key}` } });
    t.is(openai.headers['x-mockllm-fault'], undefined, key);
    const text = openai.body.toString();
    t.false(text.includes(': ping') || text.includes('"error"'), key);
    t.true(text.endsWith('data: [DONE]\n\n') && WORDS.every((w) => text.includes(JSON.stringify(w))), key);

    const claude = await send(s.url, { path: '/v1/messages', body: ANTHROPIC_STREAM_BODY, headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' } });
    t.truthy(claude.headers['x-mockllm-fault'], key);
  }
});
