import test from 'ava';
import { extractConversation } from '../../../src/handwritten/conversation.js';
import { estimatePromptTokens, estimateTokens, estimateUsage } from '../../../src/handwritten/usage-estimate.js';
import type { RequestView } from '../../../src/providers/provider.js';
import { PROVIDERS } from '../../../src/providers/registry.js';

test('estimateTokens = ceil(code points / 4), min 1 for non-empty', (t) => {
  t.is(estimateTokens(''), 0);
  t.is(estimateTokens('a'), 1);
  t.is(estimateTokens('abcd'), 1);
  t.is(estimateTokens('abcde'), 2);
  t.is(estimateTokens('Hello world!'), 3);
  // Code points, not UTF-16 units: 👩‍👩‍👧 is 5 code points (3 emoji + 2 ZWJ) but 8 code units.
  t.is(estimateTokens('👩‍👩‍👧'), 2);
  t.is(estimateTokens('日本語のテキスト'), 2);
});

function view(path: string, json: unknown): RequestView {
  return { method: 'POST', path, query: new URLSearchParams(), headers: {}, json };
}

test('prompt tokens sum every message, the system prompt included', (t) => {
  const conv = extractConversation(
    view('/v1/messages', { system: 'abcdefgh', messages: [{ role: 'user', content: 'abcd' }, { role: 'assistant', content: 'abcde' }] }), PROVIDERS.anthropic);
  t.is(estimatePromptTokens(conv), 2 + 1 + 2);
  t.is(estimatePromptTokens(extractConversation(view('/v1/chat/completions', { messages: [] }), PROVIDERS.openai)), 0);
  t.is(estimatePromptTokens(extractConversation(view('/v1/chat/completions', { messages: [{ role: 'user', content: '' }] }), PROVIDERS.openai)), 1);
});

test('completion counts text, refusal, reasoning and tool calls; usage overrides', (t) => {
  const conv = extractConversation(view('/v1/chat/completions', { messages: [{ role: 'user', content: 'hi' }] }), PROVIDERS.openai);
  const parts = { text: 'abcdefgh', reasoning: 'abcd', refusal: 'ab', toolCalls: [{ name: 'get', arguments: '{"a":1}' }] };
  t.deepEqual(estimateUsage(conv, parts), { prompt: 1, completion: 2 + 1 + 1 + 1 + 2, reasoning: 1 });
  t.deepEqual(estimateUsage(conv, parts, { prompt_tokens: 50 }), { prompt: 50, completion: 7, reasoning: 1 });
  t.deepEqual(estimateUsage(conv, parts, { completion_tokens: 0 }), { prompt: 1, completion: 0, reasoning: 0 });
});
