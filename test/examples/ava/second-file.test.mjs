// A second file: ava runs it in its own process, with its own server, at the same time as
// chat.test.mjs. `cassette` names the cassette explicitly instead of after the file.
import test from 'ava';
import OpenAI from 'openai';
import { useMockllm } from 'mockllm/ava';

const mockllm = useMockllm(test, { cassettes: new URL('../cassettes', import.meta.url).pathname, cassette: 'chat' });

test('its own server, its own port', async (t) => {
  t.regex(process.env.OPENAI_BASE_URL, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  t.is(process.env.OPENAI_BASE_URL, mockllm.baseURL('openai'));
  const res = await new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] });
  t.is(res.choices[0].message.content, 'Hello! How can I help you today?');
});
