// Runnable example for docs/testing.md: vitest + mockllm/vitest.
import { expect, test } from 'vitest';
import OpenAI from 'openai';
import { useMockllm } from 'mockllm/vitest';

const mockllm = useMockllm({ cassettes: new URL('../cassettes', import.meta.url).pathname });

test('answers with the recorded reply', async () => {
  const openai = new OpenAI();
  const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });
  expect(res.choices[0].message.content).toBe('Hello! How can I help you today?');
});

test('streams the recorded events', async () => {
  const stream = await new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  expect(text).toBe('Hello! How can I help you today?');
  expect(mockllm.stats().hits).toBe(2);
});
