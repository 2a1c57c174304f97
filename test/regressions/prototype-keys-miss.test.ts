/**
 * Regression: a request body with a `constructor` or `toString` key answered a miss with
 * a 500: the miss explainer looked keys up on plain objects and found Object.prototype's
 * members. JSON bodies are data: such requests get the normal miss (or hit).
 */
import test from 'ava';
import { startReplay } from '../../src/index.js';
import { DEMO_CASSETTE } from '../helpers/cli.js';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

const BODIES = [
  '{"constructor":1}',
  '{"toString":{"a":1}}',
  '{"__proto__":{"model":"m"}}',
  '{"model":"m","messages":[{"role":"user","content":"hi","constructor":1,"valueOf":2}]}',
  '{"model":{"toString":1},"messages":{"hasOwnProperty":[]}}',
];

test('bodies with Object.prototype member names get a normal 404 miss, never a 500', async (t) => {
  const hand = { version: 1, interactions: [{ match: { path: '/v1/chat/completions', body: { model: 'other' } }, reply: { text: '{{body.constructor}}' } }] };
  const dir = tempCassetteDir(t, { 'demo.json': DEMO_CASSETTE, 'hand.json': hand });
  const server = await startReplay({ cassettes: dir });
  t.teardown(() => server.close());
  for (const body of BODIES) {
    const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    t.is(res.status, 404, `${body} → ${text.slice(0, 200)}`);
    t.is(res.headers.get('x-mockllm-miss'), '1', body);
  }
  // The very request recorded, with a __proto__ key added, is a different request: a miss naming the key.
  const res = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"model":"m","messages":[{"role":"user","content":"hi"}],"__proto__":{"x":1}}',
  });
  t.is(res.status, 404);
  t.regex(await res.text(), /__proto__/);
});
