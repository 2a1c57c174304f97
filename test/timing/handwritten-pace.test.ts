/** A hand-written reply's pace, measured on the wire: tokens per second within 15 %, first token at ttft_ms. */
import test from 'ava';
import { rawRequest } from '../helpers/raw-http.js';
import { replayServer } from '../helpers/replay-fixture.js';
import { someSampleMeets } from '../helpers/timing-samples.js';

test('tokens_per_second and ttft_ms are what the client measures', async (t) => {
  const text = 'abcd'.repeat(40); // 40 tokens of 4 characters
  const s = await replayServer(
    t,
    { pace: { version: 1, interactions: [{ match: { path: '/api/generate' }, reply: { text, chunking: 'token', ttft_ms: 200, tokens_per_second: 50 } }] } },
    { timing: 'recorded' },
  );
  await someSampleMeets(t, 'first token at ttft_ms (±15 ms), 50 tokens/s (±15 %)', async () => {
    const res = await rawRequest(s.url, { method: 'POST', path: '/api/generate', body: JSON.stringify({ model: 'llama3', prompt: 'go' }) });
    const content = res.chunks.filter((c) => /"response":"abcd"/.test(c.bytes.toString()));
    t.is(content.length, 40);
    const measured = (content.length - 1) / ((content.at(-1)!.at - content[0]!.at) / 1000);
    return {
      ok: Math.abs(content[0]!.at - 200) <= 15 && Math.abs(measured - 50) / 50 <= 0.15,
      report: `first token at ${content[0]!.at.toFixed(1)} ms (wanted 200), ${measured.toFixed(1)} tokens/s (wanted 50)`,
    };
  });
});
