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
import { someSampleMeets } from '../helpers/timing-samples.js';

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
  await someSampleMeets(t, 'every event within 20 ms of its upstream send, offsets within 15 ms', async () => {
    const m = await passThroughLatencies(t);
    t.true(m.head < 0, 'status and headers reach the client before the first event is sent');
    t.true(m.headersMs < m.recordedTimes[0]!);
    t.true(Math.min(...m.events) >= -1);
    // Recorded offsets follow the real send times (the upstream's own timers jitter under load).
    t.true(m.recordedTimes[0]! >= 295);
    const offsetsOk = m.recordedTimes.every((ms, i) => Math.abs(ms - m.recordedTimes[0]! - (m.sentTimes[i]! - m.sentTimes[0]!)) <= 15);
    const worst = Math.max(m.first, ...m.events);
    return {
      ok: worst <= 20 && offsetsOk,
      report: `first byte +${m.first.toFixed(1)} ms, events +[${m.events.map((l) => l.toFixed(1)).join(', ')}] ms, recorded t=[${m.recordedTimes.join(', ')}]`,
    };
  });
});

test.serial('recorded offsets follow the upstream send times, whatever the chunking', async (t) => {
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
    const askedAt = performance.now();
    const res = await rawRequest(rec.url, requestOf(c, `timing/${n}`));
    t.is(res.status, 200);
    const ex = await up.exchange(n);
    await until(() => rec.stats().recorded === n + 1, 'the recording');
    const { frames: capFrames } = captureFrames(c);
    const events = recorded(dir, `timing/${n}`)[0]!.response.stream!.events;
    t.is(events.length, capFrames.length, id);
    // Each frame's stamp must lie between the upstream write that completed it and the
    // client's receipt of its last byte: the recorder sees the bytes in between. The
    // recorder's time origin is unknown but shared, so one origin must fit every frame.
    // (Comparing gaps instead would fail on any event-loop stall, which delays the bytes
    // themselves, not the stamping.)
    const sentAt = frameCompletionTimes(capFrames, ex.writes.map((w) => w.length), ex.sentAt);
    const receivedAt = frameCompletionTimes(capFrames, res.chunks.map((ch) => ch.bytes.length), res.chunks.map((ch) => ch.at));
    // Stamps are whole milliseconds.
    let lo = askedAt - 0.5;
    let hi = ex.request.receivedAt + 0.5;
    const lines: string[] = [];
    for (const [i, e] of events.entries()) {
      lo = Math.max(lo, sentAt[i]! - e.t - 0.5);
      hi = Math.min(hi, receivedAt[i]! - e.t + 0.5);
      lines.push(`event ${i}: stamped +${e.t} ms, sent +${(sentAt[i]! - askedAt).toFixed(1)}, received +${(receivedAt[i]! - askedAt).toFixed(1)} (from the request)`);
    }
    t.true(lo <= hi, `${id}: no single origin fits every stamp\n${lines.join('\n')}`);
    t.true(events[0]!.t >= 45, `${id}: first event offset ${events[0]!.t} counts from the request start`);
  }
});

/** For each frame, the time of the write (or read) that held its last byte. */
function frameCompletionTimes(frames: Buffer[], pieceLengths: number[], pieceTimes: number[]): number[] {
  const pieceEnds: number[] = [];
  pieceLengths.reduce((sum, len, i) => ((pieceEnds[i] = sum + len), sum + len), 0);
  let frameEnd = 0;
  return frames.map((f) => {
    frameEnd += f.length;
    return pieceTimes[pieceEnds.findIndex((end) => end >= frameEnd)]!;
  });
}
