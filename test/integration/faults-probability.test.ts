/**
 * Seeded probability under concurrency: the decision comes from seed + rule + request key +
 * the request's ordinal among requests with that key — never from arrival order or
 * Math.random — so the same seed fails the same requests, run after run.
 */
import test, { type ExecutionContext } from 'ava';
import { cassetteDir, startFaultServer, tempFile } from '../helpers/fault-fixtures.js';

const N = 200;

async function run(t: ExecutionContext, seed: number, body: (i: number) => unknown): Promise<number[]> {
  const overlay = tempFile(t, 'flaky.json', JSON.stringify({ faults: [{ kind: 'status', status: 503, when: { path: '/v1/chat/completions', probability: 0.25 } }] }));
  const h = await startFaultServer(t, { cassettes: cassetteDir(t, {}), overlay: [overlay], seed });
  const statuses = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(i)) }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      }),
    ),
  );
  t.true(statuses.every((s) => s === 503 || s === 404), 'a fault or the plain miss');
  await h.close();
  return statuses.flatMap((s, i) => (s === 503 ? [i] : []));
}

const distinct = (i: number) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `request ${i}` }] });
const same = () => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'the same request' }] });

test('200 concurrent distinct requests: the same seed fails the same request numbers; another seed, others', async (t) => {
  const first = await run(t, 42, distinct);
  const second = await run(t, 42, distinct);
  const other = await run(t, 43, distinct);
  t.deepEqual(second, first);
  t.notDeepEqual(other, first);
  t.true(first.length > 25 && first.length < 80, `about a quarter of ${N} (got ${first.length})`);
});

test('200 concurrent identical requests: the same number fail every run (ordinals per request key)', async (t) => {
  const a = await run(t, 7, same);
  const b = await run(t, 7, same);
  t.is(a.length, b.length);
  t.true(a.length > 25 && a.length < 80, `about a quarter of ${N} (got ${a.length})`);
});
