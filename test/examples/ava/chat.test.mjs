// Runnable example for docs/testing.md: ava + mockllm/ava.
// One replay server for this file, on a free port; the cassette is named after the file
// (`chat.test.mjs` → cassettes/chat.json). OPENAI_BASE_URL (and a dummy OPENAI_API_KEY)
// point the official client at it, so the code under test needs no changes.
import test from 'ava';
import OpenAI from 'openai';
import { useMockllm } from 'mockllm/ava';

const mockllm = useMockllm(test, { cassettes: new URL('../cassettes', import.meta.url).pathname });

test('answers with the recorded reply', async (t) => {
  const openai = new OpenAI();
  const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });
  t.is(res.choices[0].message.content, 'Hello! How can I help you today?');
});

test('streams the recorded events, one chunk at a time', async (t) => {
  const openai = new OpenAI();
  const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], stream: true });
  const pieces = [];
  for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? '');
  t.is(pieces.join(''), 'Hello! How can I help you today?');
  t.true(pieces.length > 5);
  t.is(mockllm.stats().misses, 0);
});
