// In-process interception instead of a server: no port, no environment variables; the
// client keeps its real base URL (api.openai.com) and is answered from the cassette.
import { expect, test } from 'vitest';
import OpenAI from 'openai';
import { useMockllm } from 'mockllm/vitest';

useMockllm({ cassettes: new URL('../cassettes', import.meta.url).pathname, cassette: 'chat', transport: 'intercept' });

test('answers without a server', async () => {
  const openai = new OpenAI({ apiKey: 'not-needed-in-replay' });
  const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });
  expect(res.choices[0].message.content).toBe('Hello! How can I help you today?');
});
