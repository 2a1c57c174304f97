/**
 * Regression: a hand-written `{"regex": "(a+)+$"}` against 28 `a`s and a `b` blocked the
 * event loop 4.6 s (×4 per two more characters), and ran twice per request. User regexes
 * now run on RE2 (linear time): while such requests are in flight, a health probe from
 * another client answers within 200 ms. (In test/timing, run alone: it bounds another
 * client's latency, which CPU stolen by parallel tests would only make look worse.)
 */
import test from 'ava';
import { someSampleMeets } from '../helpers/timing-samples.js';
import { startCli } from '../helpers/cli.js';
import { probeWhile } from '../helpers/probe-latency.js';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

const BOUND_MS = 200;

const CASSETTE = {
  version: 1,
  interactions: [
    { id: 'redos-user', match: { path: '/v1/chat/completions', last_user_message: { regex: '(a+)+$' } }, reply: { text: 'matched' } },
    { id: 'redos-model', match: { path: '/v1/chat/completions', model: { regex: '^(x+x+)+y$' } }, reply: { text: 'model matched' } },
  ],
};

test(`while ReDoS-shaped requests are in flight, a health probe answers within ${BOUND_MS} ms`, async (t) => {
  const dir = tempCassetteDir(t, { 'redos.json': CASSETTE });
  const server = await startCli(['replay', '--cassettes', dir, '--port', '0', '--log-level', 'silent']);
  t.teardown(() => server.child.kill('SIGKILL'));
  // 34 characters: about five minutes of backtracking each on the old engine.
  const evil = `${'a'.repeat(34)}b`;
  const send = async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: `${'x'.repeat(34)}z`, messages: [{ role: 'user', content: evil }] }),
      signal: AbortSignal.timeout(20_000),
    });
    await res.arrayBuffer();
    return res.status;
  };
  // The first request of a process pays for loading and compiling code: not what is measured.
  await send();
  await someSampleMeets(
    t,
    'health probe during ReDoS-shaped requests',
    async () => {
      let statuses: number[] = [];
      const r = await probeWhile(server.url, async () => (statuses = await Promise.all([send(), send(), send(), send()])));
      return {
        ok: r.worstMs <= BOUND_MS && statuses.every((s) => s === 404),
        report: `worst probe ${r.worstMs.toFixed(0)} ms over ${r.probes} probes; 4 requests took ${r.workMs.toFixed(0)} ms, statuses ${statuses.join(',')}`,
      };
    },
    2,
  );
});
