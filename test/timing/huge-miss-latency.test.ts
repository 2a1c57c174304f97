/**
 * Regression: a 20 MB request that missed blocked every client for 8.5–12 s: the miss
 * explainer stringified whole values for every candidate before cutting 60 characters,
 * and diffs walked every item of a long array per candidate. Work per request is now
 * linear in its size with small constants: while such a miss is in flight, a health probe
 * from another client answers within 1 s. (In test/timing, run alone: it bounds another
 * client's latency, which CPU stolen by parallel tests would only make look worse.)
 */
import test from 'ava';
import { someSampleMeets } from '../helpers/timing-samples.js';
import { DEMO_CASSETTE, startCli } from '../helpers/cli.js';
import { probeWhile } from '../helpers/probe-latency.js';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

const BOUND_MS = 1000;

/** ≈ 20 MB of chat: many messages (many JSON nodes to parse, key and diff), on the recorded endpoint and model. */
function hugeBody(): string {
  const messages = [];
  for (let i = 0; i < 200_000; i++) messages.push({ role: i % 2 === 0 ? 'user' : 'assistant', content: `message ${i} ${'lorem ipsum '.repeat(6)}` });
  return JSON.stringify({ model: 'm', messages });
}

test(`while a 20 MB miss is in flight, a health probe answers within ${BOUND_MS} ms`, async (t) => {
  // Several recorded candidates on the same endpoint: the explainer compares with each.
  const candidates = Array.from({ length: 20 }, (_, i) => ({ ...DEMO_CASSETTE.interactions[0]!, id: `c${i}` }));
  const dir = tempCassetteDir(t, { 'demo.json': { version: 1, interactions: candidates } });
  const server = await startCli(['replay', '--cassettes', dir, '--port', '0', '--log-level', 'silent']);
  t.teardown(() => server.child.kill('SIGKILL'));
  const body = hugeBody();
  t.true(body.length > 20_000_000);
  // The first request of a process pays for loading and compiling code: not what is measured.
  await (await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"warm-up"}' })).arrayBuffer();
  await someSampleMeets(
    t,
    'health probe during a 20 MB miss',
    async () => {
      let status = 0;
      let message = '';
      const r = await probeWhile(server.url, async () => {
        const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(60_000) });
        status = res.status;
        message = await res.text();
      });
      return {
        ok: r.worstMs <= BOUND_MS && status === 404 && message.length < 10_000,
        report: `worst probe ${r.worstMs.toFixed(0)} ms over ${r.probes} probes; the miss took ${r.workMs.toFixed(0)} ms (status ${status}, ${message.length} bytes)`,
      };
    },
    2,
  );
});
