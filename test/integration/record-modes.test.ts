/**
 * `--record-mode missing` and `all`: what is replayed, what is forwarded, what the
 * cassette looks like afterwards — hand-written interactions always kept, repeated
 * requests kept in sequence, and a re-record that changed nothing rewrites nothing.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { serializeCassette } from '../../src/cassette/serializer.js';
import type { Cassette, HandWrittenInteraction, RecordedInteraction } from '../../src/cassette/types.js';
import { startRecord, startReplay } from '../../src/index.js';
import { startFakeUpstream, type FakeRoute } from '../helpers/fake-upstream.js';
import { fileProblems, rawRequest, readCassette, recorded, tempDir, until, closeLater } from './record-support.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const HAND: HandWrittenInteraction = { id: 'hello-rule', match: { path: '/v1/chat/completions', last_user_message: 'hello' }, reply: { text: 'Hi there!' } };

/** `/v1/echo` answers with how many requests the upstream has received so far. */
const COUNTER = Symbol('counter');

async function seed(t: Parameters<typeof tempDir>[0], routes: Array<FakeRoute | typeof COUNTER>) {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [] });
  const counter: FakeRoute = {
    path: '/v1/echo',
    headers: JSON_HEADERS,
    // Read when the answer is built, after the request was counted.
    get body() {
      return `{"answer":${up.requests.length}}`;
    },
  };
  up.setRoutes(routes.map((r) => (r === COUNTER ? counter : r)));
  t.teardown(() => up.close());
  const ask = (base: string, q: string, cassette = 'default') => rawRequest(base, { path: `/c/${cassette}/v1/echo`, headers: JSON_HEADERS, body: `{"q":"${q}"}` });
  return { dir, up, ask };
}

test('missing: hits are replayed, misses forwarded and appended in request order; repeats are a sequence', async (t) => {
  const { dir, up, ask } = await seed(t, [COUNTER]);
  // Session 1 records a, b.
  let rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  await ask(rec.url, 'a');
  await ask(rec.url, 'b');
  await rec.close();
  t.is(up.requests.length, 2);

  // Session 2: a and b are hits; c is new; a third and fourth b are recorded in sequence.
  rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const answers = [await ask(rec.url, 'a'), await ask(rec.url, 'b'), await ask(rec.url, 'c'), await ask(rec.url, 'b'), await ask(rec.url, 'b')];
  await rec.close();
  t.deepEqual(answers.map((r) => r.body.toString()), ['{"answer":1}', '{"answer":2}', '{"answer":3}', '{"answer":4}', '{"answer":5}']);
  t.is(up.requests.length, 5, 'a and b came from the cassette');
  t.deepEqual(answers.map((r) => r.headers['x-mockllm-interaction'] ?? 'forwarded'), ['#0', '#1', 'forwarded', 'forwarded', 'forwarded']);
  t.is(rec.stats().recorded, 3);
  t.deepEqual(recorded(dir).map((i) => [(i.request.body as { json: { q: string } }).json.q, (i.response.body as { json: unknown }).json]), [
    ['a', { answer: 1 }],
    ['b', { answer: 2 }],
    ['c', { answer: 3 }],
    ['b', { answer: 4 }],
    ['b', { answer: 5 }],
  ]);

  // Replay serves the b sequence in order, then repeats the last.
  const rp = closeLater(t, await startReplay({ cassettes: dir }));
  const bs = [await ask(rp.url, 'b'), await ask(rp.url, 'b'), await ask(rp.url, 'b'), await ask(rp.url, 'b')];
  t.deepEqual(bs.map((r) => r.body.toString()), ['{"answer":2}', '{"answer":4}', '{"answer":5}', '{"answer":5}']);
});

test('missing: a new cassette gets $schema, version and meta; an existing $schema is kept; the library sees each write', async (t) => {
  const { dir, up, ask } = await seed(t, [COUNTER]);
  writeFileSync(join(dir, 'old.json'), serializeCassette({ $schema: 'https://example.com/custom.json', version: 1, interactions: [] }));
  const rec = closeLater(t, await startRecord({ upstream: `${up.url}/`, cassettes: dir }));
  await ask(rec.url, 'x', 'nested/new');
  await ask(rec.url, 'y', 'old');
  await rec.server.close();
  const fresh = readCassette(dir, 'nested/new');
  t.is(fresh.$schema, relative(join(dir, 'nested'), fileURLToPath(new URL('../../schemas/cassette.schema.json', import.meta.url))));
  t.regex(fresh.$schema!, /^(\.\.\/)+.*schemas\/cassette\.schema\.json$/);
  t.is(fresh.version, 1);
  t.is(fresh.meta?.upstream, up.url);
  t.regex(fresh.meta?.created ?? '', /^\d{4}-\d\d-\d\dT/);
  t.is(readCassette(dir, 'old').$schema, 'https://example.com/custom.json');
  t.deepEqual(fileProblems(join(dir, 'nested', 'new.json')), []);
  t.is(rec.server.library.index.cassette('old')?.cassette.interactions.length, 1);
  t.is(rec.stats().recorded, 2);
});

test('all: every request is forwarded; changed replies replace old ones in place; hand-written stay; stale recordings go', async (t) => {
  const { dir, up, ask } = await seed(t, [COUNTER]);
  let rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  await ask(rec.url, 'a'); // answer 1
  await ask(rec.url, 'stale'); // answer 2
  await ask(rec.url, 'b'); // answer 3
  await rec.close();
  const file = join(dir, 'default.json');
  const seeded = readCassette(dir);
  seeded.interactions.splice(1, 0, HAND);
  writeFileSync(file, serializeCassette(seeded));

  rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir, recordMode: 'all' }));
  const answers = [await ask(rec.url, 'b'), await ask(rec.url, 'a'), await ask(rec.url, 'new')];
  // Before the session ends, nothing is dropped yet.
  await until(() => rec.stats().recorded === 3, 'the writes');
  t.is(readCassette(dir).interactions.length, 5);
  await rec.close();
  t.deepEqual(answers.map((r) => r.body.toString()), ['{"answer":4}', '{"answer":5}', '{"answer":6}']);
  const after = readCassette(dir);
  t.deepEqual(after.interactions.map((i) => ('match' in i ? `hand:${i.id}` : `${(i.request.body as { json: { q: string } }).json.q}=${JSON.stringify((i.response.body as { json: unknown }).json)}`)), [
    'a={"answer":5}',
    'hand:hello-rule',
    'b={"answer":4}',
    'new={"answer":6}',
  ]);
  t.deepEqual(fileProblems(file), []);
});

test('all: a re-record that changed nothing leaves the file byte-identical; missing with nothing new does not write', async (t) => {
  const fixed: FakeRoute = { path: '/v1/echo', headers: { ...JSON_HEADERS, 'x-request-id': 'varies' }, body: '{"answer":42}' };
  const stream: FakeRoute = { path: '/v1/stream', headers: { 'content-type': 'text/event-stream' }, frames: [Buffer.from('data: {"a":1}\n\n'), Buffer.from('data: [DONE]\n\n')], gapMs: 5 };
  const { dir, up, ask } = await seed(t, [stream, fixed]);
  const askStream = (base: string) => rawRequest(base, { path: '/v1/stream', headers: JSON_HEADERS, body: '{"stream":true}' });
  let rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  await ask(rec.url, 'a');
  await askStream(rec.url);
  await ask(rec.url, 'a');
  await rec.close();
  const file = join(dir, 'default.json');
  const first = readFileSync(file);
  const firstMtime = statSync(file).mtimeMs;

  // Different timings and a different x-request-id upstream: same bytes, so nothing changes.
  up.setRoutes([{ ...stream, gapMs: 40 }, { ...fixed, headers: { ...JSON_HEADERS, 'x-request-id': 'other' } }]);
  rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir, recordMode: 'all' }));
  await ask(rec.url, 'a');
  await askStream(rec.url);
  await ask(rec.url, 'a');
  await rec.close();
  t.true(readFileSync(file).equals(first), 'byte-identical after an unchanged re-record');
  t.is(statSync(file).mtimeMs, firstMtime, 'not even rewritten');
  t.is(rec.stats().recorded, 3);

  rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  await ask(rec.url, 'a');
  await askStream(rec.url);
  await rec.close();
  t.is(statSync(file).mtimeMs, firstMtime);
  t.is(up.requests.length, 6, 'missing mode replayed both');
});

test('all: a request whose forward fails keeps its old recording; a session that recorded nothing changes nothing', async (t) => {
  const { dir, up, ask } = await seed(t, [COUNTER]);
  let rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  await ask(rec.url, 'a');
  await ask(rec.url, 'b');
  await rec.close();
  const before = readCassette(dir) as Cassette;
  const file = join(dir, 'default.json');
  const bytes = readFileSync(file);

  // The upstream breaks every answer to "a" off: nothing to record for it.
  up.setRoutes([{ path: '/v1/echo', headers: JSON_HEADERS, frames: [Buffer.from('{"ans')], breakAfterFrames: 1, match: (r) => r.body.toString().includes('"a"') }, { path: '/v1/echo', headers: JSON_HEADERS, body: '{"answer":"c"}' }]);
  rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir, recordMode: 'all' }));
  t.truthy((await ask(rec.url, 'a')).error);
  await rec.close();
  t.true(readFileSync(file).equals(bytes), 'nothing recorded: the cassette is untouched');

  rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir, recordMode: 'all' }));
  t.truthy((await ask(rec.url, 'a')).error);
  t.is((await ask(rec.url, 'c')).status, 200);
  await rec.close();
  // a failed upstream (kept verbatim); b was not asked again (dropped); c is new.
  const after = readCassette(dir).interactions as RecordedInteraction[];
  t.deepEqual(after[0], before.interactions[0] as RecordedInteraction);
  t.deepEqual(after.map((i) => (i.request.body as { json: { q: string } }).json.q), ['a', 'c']);
});
