// Must FAIL (run by test/integration/runners.test.ts): a request nobody recorded.
import OpenAI from 'openai';
import { useMockllm } from 'mockllm/vitest';

useMockllm({ cassettes: new URL('../../cassettes', import.meta.url).pathname, cassette: 'chat' });

test('asks something that was never recorded', async () => {
  await new OpenAI({ maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say goodbye' }] }).catch(() => {});
});
