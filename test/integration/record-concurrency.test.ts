/**
 * One writer per cassette: 200 concurrent streams recorded into one cassette all land,
 * in request-start order whatever order they finish in, and the file validates.
 */
import { join } from 'node:path';
import test from 'ava';
import { startRecord } from '../../src/index.js';
import { startFakeUpstream, type FakeRoute } from '../helpers/fake-upstream.js';
import { closeLater, fileProblems, rawRequest, recorded, tempDir, type RawResponse } from './record-support.js';

const N = 200;
const SSE = { 'content-type': 'text/event-stream' };

function frames(i: number): Buffer[] {
  return [Buffer.from(`data: {"i":${i},"part":0}\n\n`), Buffer.from(`data: {"i":${i},"part":1}\n\n`), Buffer.from('data: [DONE]\n\n')];
}

/**
 * Starts request i once request i-1's response head arrived (so request-start order is
 * known), while every response streams concurrently; returns when all are done.
 */
async function staggered(count: number, send: (i: number) => Promise<RawResponse>, headArrived: (i: number) => Promise<void>): Promise<RawResponse[]> {
  const all: Promise<RawResponse>[] = [];
  for (let i = 0; i < count; i++) {
    all.push(send(i));
    await headArrived(i);
  }
  return Promise.all(all);
}

test('200 concurrent streams into one cassette: all recorded, in request-start order, valid file', async (t) => {
  const dir = tempDir(t);
  // Later requests finish first: request i streams for (N - i) × 20 ms (starts are a few ms apart, more on a busy machine).
  const routes: FakeRoute[] = Array.from({ length: N }, (_, i) => ({
    path: '/v1/chat/completions',
    headers: SSE,
    frames: frames(i),
    gapMs: [(N - i) * 20, 1],
    match: (r) => (JSON.parse(r.body.toString()) as { i: number }).i === i,
  }));
  // The identical requests of the second batch: the k-th to arrive gets answer k.
  const same: FakeRoute[] = Array.from({ length: 40 }, (_, k) => ({ path: '/v1/same', headers: SSE, frames: frames(1000 + k), gapMs: [(40 - k) * 5, 1], times: 1 }));
  const up = await startFakeUpstream({ routes: [...routes, ...same] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));

  const heads: Array<() => void> = [];
  const headOf = (i: number) => new Promise<void>((resolve) => (heads[i] = resolve));
  const waits: Promise<void>[] = [];
  const responses = await staggered(
    N,
    (i) => {
      waits[i] = headOf(i);
      return rawRequest(rec.url, { path: '/c/many/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: `{"i":${i},"stream":true}`, onHead: () => heads[i]!() });
    },
    (i) => waits[i]!,
  );
  t.true(responses.every((r, i) => r.status === 200 && r.body.equals(Buffer.concat(frames(i)))));
  const sameWaits: Promise<void>[] = [];
  const sameHeads: Array<() => void> = [];
  await staggered(
    40,
    (k) => {
      sameWaits[k] = new Promise<void>((resolve) => (sameHeads[k] = resolve));
      return rawRequest(rec.url, { path: '/c/many/v1/same', headers: { 'content-type': 'application/json' }, body: '{"same":true}', onHead: () => sameHeads[k]!() });
    },
    (k) => sameWaits[k]!,
  );
  await rec.close();

  t.is(rec.stats().recorded, N + 40);
  const stored = recorded(dir, 'many');
  t.is(stored.length, N + 40);
  const order = stored.map((i) => (i.response.stream!.events[0]!.data as { i: number }).i);
  t.deepEqual(order, [...Array.from({ length: N }, (_, i) => i), ...Array.from({ length: 40 }, (_, k) => 1000 + k)]);
  t.true(stored.slice(0, N).every((s, i) => (s.request.body as { json: { i: number } }).json.i === i));
  t.deepEqual(fileProblems(join(dir, 'many.json')), []);
  // Completion order really was the reverse of start order.
  const lastWrite = (i: number) => up.exchanges.find((e) => e.request.body.toString().startsWith(`{"i":${i},`))!.sentAt.at(-1)!;
  const finishedBeforeItsPredecessor = Array.from({ length: N - 1 }, (_, i) => lastWrite(i + 1) < lastWrite(i)).filter(Boolean).length;
  t.true(finishedBeforeItsPredecessor > N / 2, `${finishedBeforeItsPredecessor} of ${N - 1} streams finished before the one started just before them`);
});
