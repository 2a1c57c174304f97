// Runnable example for docs/testing.md: node:test + mockllm/node-test
// (`node --test test/examples/node-test/`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { useMockllm } from 'mockllm/node-test';

const mockllm = useMockllm({ cassettes: new URL('../cassettes', import.meta.url).pathname, file: import.meta.url });

test('answers with the recorded reply', async () => {
  const openai = new OpenAI();
  const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });
  assert.equal(res.choices[0].message.content, 'Hello! How can I help you today?');
});

test('streams the recorded events', async () => {
  const stream = await new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  assert.equal(text, 'Hello! How can I help you today?');
});

test('the Ollama client takes OLLAMA_HOST too', async () => {
  // The JS client does not read OLLAMA_HOST by itself; pass it.
  const ollama = new Ollama({ host: process.env.OLLAMA_HOST });
  const res = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'Say hello' }], stream: false });
  assert.equal(res.message.content, 'Hello! How can I help you today?');
  assert.equal(mockllm.misses().length, 0);
});
