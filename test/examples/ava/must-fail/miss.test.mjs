// Must FAIL (run by test/integration/runners.test.ts): a request nobody recorded.
import test from 'ava';
import OpenAI from 'openai';
import { useMockllm } from 'mockllm/ava';

useMockllm(test, { cassettes: new URL('../../cassettes', import.meta.url).pathname, cassette: 'chat' });

test('asks something that was never recorded', async (t) => {
  // The SDK sees a 404; the code under test may even swallow it — the helper still fails the test.
  await new OpenAI({ maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say goodbye' }] }).catch(() => {});
  t.pass();
});
