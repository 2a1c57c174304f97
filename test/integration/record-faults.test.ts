/**
 * Faults in record mode: the operator reshapes what the client sees of the live response
 * (with the player's step semantics), while the cassette gets what the upstream sent.
 */
import test from 'ava';
import { createForwarder } from '../../src/record/record-forwarder.js';
import { validateOptions } from '../../src/config/options.js';
import type { FrameOperator } from '../../src/replay/player.js';
import type { FaultLayer } from '../../src/server/exchange.js';
import { MockllmServer } from '../../src/server/mockllm-server.js';
import { silentLogger } from '../../src/util/logger.js';
import { startRecord } from '../../src/index.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { closeLater, rawRequest, recorded, tempDir, until } from './record-support.js';

const EVENTS = Array.from({ length: 5 }, (_, i) => Buffer.from(`data: {"i":${i}}\n\n`));
const SSE = { 'content-type': 'text/event-stream' };

/** A record server whose every exchange gets `operator`. */
async function recordWith(t: Parameters<typeof tempDir>[0], upstream: string, operator: FrameOperator) {
  const dir = tempDir(t);
  const faults: FaultLayer = { select: () => ({ label: 'test', source: 'test', operator }) };
  const server = new MockllmServer({
    mode: 'record',
    options: validateOptions('record', { upstream, cassettes: dir, port: 0 }),
    logger: silentLogger,
    faults,
    createForwarder: (s) => createForwarder(s),
  });
  await server.listen();
  t.teardown(() => server.close());
  return { server, dir };
}

test('a delay and an early end reshape the live stream; the cassette keeps all of it at upstream timing', async (t) => {
  const up = await startFakeUpstream({ routes: [{ path: '/v1/chat/completions', headers: SSE, frames: EVENTS, gapMs: 20, chunking: 'nasty' }] });
  t.teardown(() => up.close());
  const seen: number[] = [];
  const { server, dir } = await recordWith(t, up.url, {
    onFrame: (bytes, ctx) => {
      seen.push(ctx.index);
      if (ctx.index === 1) return [{ kind: 'delay', ms: 150 }, { kind: 'write', bytes }];
      if (ctx.index === 3) return [{ kind: 'end' }];
      return [{ kind: 'write', bytes }];
    },
  });
  const res = await rawRequest(server.url, { path: '/v1/chat/completions', headers: SSE, body: '{}' });
  t.true(res.body.equals(Buffer.concat(EVENTS.slice(0, 3))), 'frames 0-2, then a clean end');
  t.is(res.error, undefined);
  const ex = await up.exchange(0);
  // Frame 2 went out after the injected delay, relative to when it arrived upstream.
  const frameAt = (i: number) => {
    let total = 0;
    const need = Buffer.concat(EVENTS.slice(0, i + 1)).length;
    return res.chunks.find((c) => (total += c.bytes.length) >= need)!.at;
  };
  t.true(frameAt(1) - frameAt(0) >= 140, `frame 1 was delayed (${(frameAt(1) - frameAt(0)).toFixed(0)} ms)`);
  t.true(frameAt(2) - frameAt(1) < 60, 'the delay shifted later frames instead of adding up');
  t.is(ex.outcome, 'complete', 'the upstream was read to the end');
  await until(() => server.stats.recorded === 1, 'the recording');
  const stream = recorded(dir)[0]!.response.stream!;
  t.is(stream.events.length, 5);
  t.true(stream.events[4]!.t - stream.events[0]!.t < 140, 'recorded offsets are the upstream ones, not the delayed ones');
  t.deepEqual(seen, [0, 1, 2, 3]);
});

test('a reset before headers and a hang still record the whole exchange', async (t) => {
  const up = await startFakeUpstream({ routes: [{ path: '/v1/chat/completions', headers: SSE, frames: EVENTS, gapMs: 5 }] });
  t.teardown(() => up.close());
  const reset = await recordWith(t, up.url, { beforeHeaders: () => [{ kind: 'reset' }] });
  const a = await rawRequest(reset.server.url, { path: '/v1/chat/completions', headers: SSE, body: '{"a":1}' }).catch((e: Error) => ({ error: e.message, status: 0 }));
  t.truthy(a.error);
  await until(() => reset.server.stats.recorded === 1, 'the reset exchange recorded');
  t.is(recorded(reset.dir)[0]!.response.stream!.events.length, 5);

  const hang = await recordWith(t, up.url, { onFrame: (bytes, ctx) => (ctx.index === 2 ? [{ kind: 'hang' }] : [{ kind: 'write', bytes }]) });
  const b = await rawRequest(hang.server.url, { path: '/v1/chat/completions', headers: SSE, body: '{"b":1}', abortAfterBytes: Buffer.concat(EVENTS.slice(0, 2)).length });
  t.is(b.error, 'client-aborted');
  await until(() => hang.server.stats.recorded === 1, 'the hung exchange recorded');
  t.is(recorded(hang.dir)[0]!.response.stream!.events.length, 5);
});

test('a non-stream body goes through the player with the operator (onEnd steps); stored as sent', async (t) => {
  const up = await startFakeUpstream({ routes: [{ path: '/v1/embeddings', headers: { 'content-type': 'application/json' }, body: '{"data":[1,2]}' }] });
  t.teardown(() => up.close());
  const { server, dir } = await recordWith(t, up.url, { beforeHeaders: () => [{ kind: 'delay', ms: 120 }], onEnd: () => [{ kind: 'reset' }] });
  const started = performance.now();
  const res = await rawRequest(server.url, { path: '/v1/embeddings', headers: {}, body: '{}' }).catch((e: Error) => ({ error: e.message, chunks: [] as unknown[] }));
  t.truthy(res.error, 'the onEnd reset reached the client');
  t.true(performance.now() - started >= 110);
  await until(() => server.stats.recorded === 1, 'the recording');
  t.deepEqual(recorded(dir)[0]!.response.body, { json: { data: [1, 2] } });
});

test('the fault header works on a live recording (truncate), the cassette is untouched by it', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/chat/completions', headers: SSE, frames: [...EVENTS, Buffer.from('data: [DONE]\n\n')], gapMs: 2 }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const res = await rawRequest(rec.url, { path: '/v1/chat/completions', headers: { ...SSE, 'x-mockllm-fault': 'truncate;after=2' }, body: '{"stream":true}' });
  t.is(res.status, 200);
  t.true(res.body.equals(Buffer.concat(EVENTS.slice(0, 2))), res.body.toString());
  t.is(up.requests[0]!.headers['x-mockllm-fault'], undefined);
  await rec.close();
  t.is(recorded(dir)[0]!.response.stream!.events.length, 6);
});
