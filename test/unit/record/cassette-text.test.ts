import test from 'ava';
import { serializeCassette } from '../../../src/cassette/serializer.js';
import type { Cassette } from '../../../src/cassette/types.js';
import { CassetteText } from '../../../src/record/cassette-text.js';
import { allCaptures } from '../../helpers/captures.js';
import { cassetteFromCaptures } from '../../helpers/capture-cassette.js';

test('assembling cached interaction texts gives exactly what the serializer prints, as the cassette grows', (t) => {
  const full = cassetteFromCaptures(allCaptures(), { schema: '../schemas/cassette.schema.json', name: 'all', description: 'd' });
  full.interactions.splice(3, 0, { id: 'hand', match: { path: '/v1/x' }, reply: { text: 'hi' } });
  const text = new CassetteText();
  for (const n of [0, 1, 2, 10, full.interactions.length]) {
    const c: Cassette = { ...full, interactions: full.interactions.slice(0, n) };
    t.is(text.render(c), serializeCassette(c), `${n} interactions`);
  }
});

test('a cassette with fields after the interaction list falls back to the serializer', (t) => {
  const c = { version: 1, interactions: [{ request: { method: 'GET', path: '/' }, response: { status: 204 } }], zz_future: true } as Cassette;
  t.is(new CassetteText().render(c), serializeCassette(c));
});
