/**
 * Issue 11 §6: error bodies in each provider's exact shape. api.openai.com pretty-prints an
 * error with a 2-space indent and *no* trailing newline (captured raw:
 * `openai/error-400-unknown-parameter`, 161 bytes = its Content-Length); mockllm added a LF
 * to every OpenAI error it made (misses, faults, its own 400s, upstream failures).
 */
import test from 'ava';
import OpenAI from 'openai';
import { loadCapture } from '../helpers/captures.js';
import { replayServer } from '../helpers/replay-fixture.js';

const captured = loadCapture('openai/error-400-unknown-parameter');
const asOpenAIPrints = (json: unknown) => JSON.stringify(json, null, 2);

test('the captured error is its JSON printed with a 2-space indent, no trailing LF', (t) => {
  t.is(captured.body.length, Number(captured.meta.response.headers['Content-Length']));
  t.is(captured.body.toString(), asOpenAIPrints(JSON.parse(captured.body.toString())));
});

test("mockllm's OpenAI errors are printed the same way: a miss, a status fault, its own 400", async (t) => {
  const s = await replayServer(t, {});
  const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  for (const headers of [{}, { 'x-mockllm-fault': 'rate_limit' }, { 'x-mockllm-fault': 'no-such-fault' }] as Array<Record<string, string>>) {
    const res = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await res.text();
    t.true(res.status >= 400);
    t.is(text, asOpenAIPrints(JSON.parse(text)), JSON.stringify(headers));
    t.deepEqual(Object.keys((JSON.parse(text) as { error: object }).error), Object.keys((JSON.parse(captured.body.toString()) as { error: object }).error));
  }
  // The official client reads it all the same.
  const client = new OpenAI({ apiKey: 'k', baseURL: s.baseURL('openai'), maxRetries: 0 });
  const e = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
  t.is((e as InstanceType<typeof OpenAI.APIError>).code, 'mockllm_miss');
});
