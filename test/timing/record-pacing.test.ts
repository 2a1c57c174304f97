/**
 * Timing in record mode: the client sees every upstream event as soon as it is sent (no
 * buffering), and the cassette stamps each event with its real arrival offset. Serial:
 * these measure the event loop, so nothing else may run beside them.
 */
import test, { type ExecutionContext } from 'ava';
import { startRecord } from '../../src/index.js';
import { type Capture, clientRequestHeaders, loadCapture, requestTarget } from '../helpers/captures.js';
import { captureFrames } from '../helpers/capture-cassette.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { rawRequest, recorded, tempDir, until } from '../integration/record-support.js';

function requestOf(c: Capture, cassette: string) {
  return { method: c.request.method, path: requestTarget(c), headers: { ...clientRequestHeaders(c), 'x-mockllm-cassette': cassette }, body: c.request.body };
}

/**
 * One measurement of the pass-through latency: for each upstream write, how long after
 * it was sent the client had its last byte. Runs a whole exchange.
 */
async function passThroughLatencies(t: ExecutionContext): Promise<{ head: number; first: number; events: number[]; recordedTimes: number[]; sentTimes: number[]; headersMs: number }> {
  const dir = tempDir(t);
  const events = Array.from({ length: 8 }, (_, i) => Buffer.from(`data: {"i":${i},"text":"ünïcode ${i}"}\n\n`));
  const up = await startFakeUpstream({
    routes: [{ path: '/v1/chat/completions', headers: { 'content-type': 'text/event-stream' }, frames: events, firstDelayMs: 300, gapMs: 100 }],
  });
  const rec = await startRecord({ upstream: up.url, cassettes: dir });
  try {
    const res = await rawRequest(rec.url, { path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: '{"stream":true}' });
    const ex = await up.exchange(0);
    t.true(res.body.equals(Buffer.concat(events)));
    let sent = 0;
    const latencies = ex.writes.map((w, k) => {
      sent += w.length;
      let arrived = 0;
      return res.chunks.find((c) => (arrived += c.bytes.length) >= sent)!.at - ex.sentAt[k]!;
    });
    await until(() => rec.stats().recorded === 1, 'the recording');
    const stored = recorded(dir)[0]!.response;
    return {
      head: res.headAt - ex.sentAt[0]!,
      first: res.chunks[0]!.at - ex.sentAt[0]!,
      events: latencies,
      recordedTimes: stored.stream!.events.map((e) => e.t),
      sentTimes: ex.sentAt.map((at) => at - ex.request.receivedAt),
      headersMs: stored.timing!.headers_ms!,
    };
  } finally {
    await rec.close();
    await up.close();
  }
}

test.serial('pass-through pacing: headers at once, each event within 20 ms of its upstream send', async (t) => {
  // The machine is shared: a sample spoiled by another process's burst is measured again
  // (at most 3 samples); every sample is reported when none meets the bound.
  const samples: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const m = await passThroughLatencies(t);
    t.true(m.head < 0, 'status and headers reach the client before the first event is sent');
    t.true(m.headersMs < m.recordedTimes[0]!);
    t.true(Math.min(...m.events) >= -1);
    // Recorded offsets follow the real send times (the upstream's own timers jitter under load).
    t.true(m.recordedTimes[0]! >= 295);
    const offsetsOk = m.recordedTimes.every((ms, i) => Math.abs(ms - m.recordedTimes[0]! - (m.sentTimes[i]! - m.sentTimes[0]!)) <= 15);
    const worst = Math.max(m.first, ...m.events);
    samples.push(`first byte +${m.first.toFixed(1)} ms, events +[${m.events.map((l) => l.toFixed(1)).join(', ')}] ms, recorded t=[${m.recordedTimes.join(', ')}]`);
    if (worst <= 20 && offsetsOk) {
      t.log(samples.at(-1));
      return;
    }
  }
  t.fail(`no sample delivered every event within 20 ms:\n${samples.join('\n')}`);
});

test.serial('recorded offsets follow the upstream send times (within 15 ms), whatever the chunking', async (t) => {
  const dir = tempDir(t);
  const ids = ['openai/chat-stream', 'anthropic/messages-stream', 'gemini/stream-sse-2', 'ollama/chat-stream'];
  const up = await startFakeUpstream({ routes: [] });
  t.teardown(() => up.close());
  const rec = await startRecord({ upstream: up.url, cassettes: dir });
  t.teardown(() => rec.close());
  for (const [n, id] of ids.entries()) {
    const c = loadCapture(id);
    // Irregular gaps of 0..60 ms between writes.
    const gaps = Array.from({ length: 400 }, (_, i) => ((i * 37) % 7) * 10);
    up.setRoutes([{ capture: c, chunking: 'nasty', gapMs: gaps, firstDelayMs: 50 }]);
    const res = await rawRequest(rec.url, requestOf(c, `timing/${n}`));
    t.is(res.status, 200);
    const ex = await up.exchange(n);
    await until(() => rec.stats().recorded === n + 1, 'the recording');
    // Send time of the write that completed each frame.
    const { frames: capFrames } = captureFrames(c);
    const writeEnds: number[] = [];
    ex.writes.reduce((sum, w, i) => ((writeEnds[i] = sum + w.length), sum + w.length), 0);
    let frameEnd = 0;
    const sentAt = capFrames.map((f) => {
      frameEnd += f.length;
      return ex.sentAt[writeEnds.findIndex((e) => e >= frameEnd)]!;
    });
    const events = recorded(dir, `timing/${n}`)[0]!.response.stream!.events;
    t.is(events.length, capFrames.length, id);
    for (let i = 1; i < events.length; i++) {
      const got = events[i]!.t - events[0]!.t;
      const want = sentAt[i]! - sentAt[0]!;
      t.true(Math.abs(got - want) <= 15, `${id} event ${i}: recorded +${got} ms, sent +${want.toFixed(1)} ms`);
    }
    t.true(events[0]!.t >= 45, `${id}: first event offset ${events[0]!.t} counts from the request start`);
  }
});

