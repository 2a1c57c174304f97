// Must FAIL (run by test/integration/runners.test.ts): a miss, and an interaction never used.
import { test } from 'node:test';
import OpenAI from 'openai';
import { useMockllm } from 'mockllm/node-test';

useMockllm({ cassettes: new URL('../../cassettes', import.meta.url).pathname, cassette: 'chat', failOnUnused: true });

test('asks something that was never recorded', async () => {
  await new OpenAI({ maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say goodbye' }] }).catch(() => {});
});
