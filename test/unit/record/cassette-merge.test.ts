import test from 'ava';
import type { Cassette, HandWrittenInteraction, RecordedInteraction } from '../../../src/cassette/types.js';
import { mergeCassette, sameResponseBytes, type MergeInput } from '../../../src/record/cassette-merge.js';

function rec(key: string, body: string, extra: Partial<RecordedInteraction> = {}): RecordedInteraction {
  return { key: key.padEnd(64, '0'), request: { method: 'POST', path: `/${key}` }, response: { status: 200, body: { text: body }, timing: { headers_ms: 1, total_ms: 2 } }, ...extra };
}
const hand: HandWrittenInteraction = { id: 'hand', match: { path: '/x' }, reply: { text: 'hi' } };

function input(base: Cassette, recordings: Array<[string, number, RecordedInteraction]>, over: Partial<MergeInput> = {}): MergeInput {
  return {
    base,
    baseKeys: base.interactions.map((i) => ('key' in i ? i.key : undefined)),
    recordings: recordings.map(([key, occurrence, interaction]) => ({ key: key.padEnd(64, '0'), occurrence, interaction })),
    failed: [],
    mode: 'all',
    final: true,
    ...over,
  };
}

const A1 = rec('a', 'one');
const B1 = rec('b', 'bee');
const A2 = rec('a', 'two');
const base: Cassette = { version: 1, interactions: [A1, hand, B1, A2] };

test('missing: nothing new returns the base itself; new recordings are appended in order', (t) => {
  t.is(mergeCassette(input(base, [], { mode: 'missing' })), base);
  const c1 = rec('c', 'c1');
  const c2 = rec('c', 'c2');
  const merged = mergeCassette(input(base, [['c', 0, c1], ['c', 1, c2]], { mode: 'missing' }));
  t.deepEqual(merged.interactions, [A1, hand, B1, A2, c1, c2]);
});

test('all: identical responses keep the old interactions verbatim (same object, no change)', (t) => {
  const again = [rec('a', 'one', { response: { status: 200, body: { text: 'one' }, timing: { headers_ms: 9, total_ms: 99 } } }), rec('b', 'bee'), rec('a', 'two')];
  const merged = mergeCassette(input(base, [['a', 0, again[0]!], ['b', 0, again[1]!], ['a', 1, again[2]!]]));
  t.is(merged, base);
});

test('all: a changed response replaces its counterpart in place; hand-written stays; unmatched old ones go at the end of the session only', (t) => {
  const a1new = rec('a', 'ONE');
  const midway = mergeCassette(input(base, [['a', 0, a1new]], { final: false }));
  t.deepEqual(midway.interactions, [a1new, hand, B1, A2]);
  const final = mergeCassette(input(base, [['a', 0, a1new]]));
  t.deepEqual(final.interactions, [a1new, hand]);
});

test('all: extra occurrences are appended; a failed forward keeps its old recording', (t) => {
  const a3 = rec('a', 'three');
  const merged = mergeCassette(input(base, [['a', 0, A1], ['a', 2, a3]], { failed: [{ key: 'b'.padEnd(64, '0'), occurrence: 0 }] }));
  t.deepEqual(merged.interactions, [A1, hand, B1, a3]);
});

test('sameResponseBytes compares bytes, not headers or timings', (t) => {
  const s = (events: RecordedInteraction['response']['stream']) => ({ status: 200, stream: events });
  t.true(sameResponseBytes({ status: 200, body: { json: { a: 1 } } }, { status: 200, body: { text: '{"a":1}' }, headers: { date: 'x' } }));
  t.false(sameResponseBytes({ status: 200, body: { text: 'a' } }, { status: 201, body: { text: 'a' } }));
  t.true(sameResponseBytes(s({ framing: 'sse', events: [{ t: 1, data: { a: 1 } }] }), s({ framing: 'sse', events: [{ t: 50, raw: 'data: {"a":1}\n\n' }] })));
  t.false(sameResponseBytes(s({ framing: 'sse', events: [{ t: 1, data: { a: 1 } }] }), s({ framing: 'sse', events: [{ t: 1, data: { a: 1 } }], ending: 'reset' })));
  t.false(sameResponseBytes(s({ framing: 'sse', events: [] }), { status: 200 }));
});
