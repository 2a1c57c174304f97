/** Where imported interactions go in a cassette (pure). */
import test from 'ava';
import type { Cassette, HandWrittenInteraction, RecordedInteraction } from '../../../src/cassette/types.js';
import { mergeImport } from '../../../src/import/import-merge.js';
import { requestKey } from '../../../src/match/request-key.js';

function recorded(id: string, content: string): RecordedInteraction {
  const request = { method: 'POST', path: '/v1/chat/completions', body: { json: { messages: [{ role: 'user', content }] } } };
  return { id, key: requestKey(request), request, response: { status: 200, body: { text: id } } };
}
const hw = (id: string): HandWrittenInteraction => ({ id, match: { path: '/x' }, reply: { text: id } });
const source = { format: 'har', file: 's.har', interactions: 2, timing: 't' };

const base: Cassette = { version: 1, meta: { recorder: 'mockllm' }, interactions: [recorded('rec-a', 'a'), hw('hand'), recorded('har:s.har#old', 'old'), recorded('rec-b', 'b')] };
const ids = (c: Cassette) => c.interactions.map((i) => i.id);

test('merge: same key replaced in place (the block goes where the first replaced one was); others stay', (t) => {
  const { cassette, replaced } = mergeImport({ base, imported: [recorded('har:s.har#a', 'a'), recorded('har:s.har#new', 'new')], mode: 'merge', prefixes: ['har:s.har#'], sources: [source] });
  t.deepEqual(ids(cassette), ['har:s.har#a', 'har:s.har#new', 'hand', 'har:s.har#old', 'rec-b']);
  t.is(replaced, 1);
});

test('merge: nothing in common → appended', (t) => {
  const { cassette, replaced } = mergeImport({ base, imported: [recorded('har:t.har#x', 'x')], mode: 'merge', prefixes: ['har:t.har#'], sources: [] });
  t.deepEqual(ids(cassette), ['rec-a', 'hand', 'har:s.har#old', 'rec-b', 'har:t.har#x']);
  t.is(replaced, 0);
  t.deepEqual(cassette.meta, base.meta, 'meta untouched without sources');
});

test('replace: the earlier import of the file goes even with another key', (t) => {
  const { cassette, replaced } = mergeImport({ base, imported: [recorded('har:s.har#new', 'new')], mode: 'replace', prefixes: ['har:s.har#'], sources: [source] });
  t.deepEqual(ids(cassette), ['rec-a', 'hand', 'har:s.har#new', 'rec-b']);
  t.is(replaced, 1);
});

test('hand-written interactions are replaced by id only', (t) => {
  const { cassette } = mergeImport({ base, imported: [hw('hand')], mode: 'merge', prefixes: ['postman:c.json#'], sources: [] });
  t.deepEqual(ids(cassette), ['rec-a', 'hand', 'har:s.har#old', 'rec-b']);
  t.is((cassette.interactions[1] as HandWrittenInteraction).reply?.text, 'hand');
});

test('meta.imported keeps one sorted entry per format:file, whatever the import order', (t) => {
  const one = mergeImport({ base, imported: [], mode: 'merge', prefixes: [], sources: [{ ...source, file: 'z.har' }] }).cassette;
  const two = mergeImport({ base: one, imported: [], mode: 'merge', prefixes: [], sources: [{ ...source, file: 'a.har' }] }).cassette;
  t.deepEqual(Object.keys(two.meta!.imported as object), ['har:a.har', 'har:z.har']);
  t.is(two.meta!.recorder, 'mockllm');
});
