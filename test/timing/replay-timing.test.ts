/** `--timing`: measured arrival offsets against the cassette's (tolerance, not exact times). */
import test from 'ava';
import type { RecordedInteraction, StoredEvent } from '../../src/cassette/types.js';
import { rawRequest } from '../helpers/raw-http.js';
import { replayServer } from '../helpers/replay-fixture.js';
import { someSampleMeets } from '../helpers/timing-samples.js';

const chatBody = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], stream: true });

function streamInteraction(content: string, offsets: number[]): RecordedInteraction {
  const events: StoredEvent[] = offsets.map((t, i) => ({ t, data: { i, choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] } }));
  events.push({ t: (offsets.at(-1) ?? 0) + 1, text: '[DONE]' });
  return {
    request: { method: 'POST', path: '/v1/chat/completions', body: { json: chatBody(content) } },
    response: { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, stream: { framing: 'sse', events } },
  };
}

const post = (url: string, body: unknown) => rawRequest(url, { method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('--timing recorded: events arrive at their recorded offsets (±15 ms), scheduled from the request start', async (t) => {
  const offsets = [50, 120, 130, 260, 400];
  const s = await replayServer(t, { timed: { version: 1, interactions: [streamInteraction('pace', offsets)] } }, { timing: 'recorded' });
  await someSampleMeets(t, 'every event within 15 ms of its offset', async () => {
    const res = await post(s.url, chatBody('pace'));
    t.is(res.chunks.length, offsets.length + 1);
    const drifts = offsets.map((offset, i) => res.chunks[i]!.at - offset);
    return { ok: drifts.every((d) => Math.abs(d) <= 15), report: `arrived at [${res.chunks.map((c) => c.at.toFixed(1)).join(', ')}] ms, recorded [${offsets.join(', ')}]` };
  });
});

test('--timing 0.5 halves the recorded offsets; fast ignores them', async (t) => {
  const offsets = Array.from({ length: 200 }, (_, i) => 10 + i * 10); // a 2-second stream
  const cassettes = { long: { version: 1, interactions: [streamInteraction('long', offsets)] } };
  const half = await replayServer(t, cassettes, { timing: 0.5 });
  await someSampleMeets(t, 'event 100 at half its offset (±15 ms)', async () => {
    const r = await post(half.url, chatBody('long'));
    return { ok: Math.abs(r.chunks[100]!.at - offsets[100]! / 2) <= 15, report: `event 100 at ${r.chunks[100]!.at.toFixed(1)} ms, wanted ${offsets[100]! / 2}` };
  });
  const fast = await replayServer(t, cassettes, { timing: 'fast' });
  const f = await post(fast.url, chatBody('long'));
  t.is(f.chunks.length, 201);
  t.true(f.chunks.at(-1)!.at < 500, `fast finished 200 events in ${f.chunks.at(-1)!.at.toFixed(0)} ms (recorded 2000 ms)`);
});
