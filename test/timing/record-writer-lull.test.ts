/**
 * When the recorder writes a cassette: in a lull in traffic, so that printing and writing a
 * growing cassette never delays a live request — but within a second however busy the
 * traffic, so that recordings still reach the disk. Serial: this measures time.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import test from 'ava';
import { startRecord } from '../../src/index.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { recorded, tempDir, until } from '../integration/record-support.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

test.serial('writes wait for a lull in traffic, at most a second, and follow the last request closely', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/chat/completions', headers: JSON_HEADERS, body: '{"ok":true}' }] });
  t.teardown(() => up.close());
  const rec = await startRecord({ upstream: up.url, cassettes: dir });
  t.teardown(() => rec.close());
  const file = join(dir, 'default.json');

  // Two clients, each sending its next request as soon as the last is answered, for 3 s:
  // traffic never pauses on purpose. Each time the file grows is one write; a recorder
  // that wrote after every answer, paced only by its own cost, grows it a dozen times here.
  let firstAnswerAt: number | undefined;
  let writtenAt: number | undefined;
  const sizes = new Set<number>();
  let sent = 0;
  const started = performance.now();
  const client = async () => {
    while (performance.now() - started < 3000) {
      const res = await fetch(`${rec.url}/v1/chat/completions`, { method: 'POST', headers: JSON_HEADERS, body: `{"n":${sent++}}` });
      t.is(res.status, 200);
      await res.arrayBuffer();
      firstAnswerAt ??= performance.now();
      if (existsSync(file)) {
        writtenAt ??= performance.now();
        sizes.add(statSync(file).size);
      }
    }
  };
  await Promise.all([client(), client()]);
  t.truthy(writtenAt, 'the cassette was written while the traffic went on');
  const afterFirst = writtenAt! - firstAnswerAt!;
  t.log(`${sent} requests; ${sizes.size} write(s) seen during the traffic, the first ${afterFirst.toFixed(0)} ms after the first answer`);
  // A hiccup of the machine (20 ms without a request anywhere) is a lull too, so a write
  // may come early; the 1 s bound gives about three; never one per answer.
  t.true(sent >= 200, `enough traffic to tell (${sent} requests)`);
  t.true(sizes.size <= 6, `writes wait for lulls, not for each answer (${sizes.size} writes for ${sent} answers)`);
  t.true(afterFirst <= 1400, `the bound holds: written within about a second (${afterFirst.toFixed(0)} ms)`);

  // Once the traffic stops, everything recorded lands shortly after the lull begins.
  const lastAnswerAt = performance.now();
  await until(() => recorded(dir).length === sent, 'every recording on disk', 3000);
  const settled = performance.now() - lastAnswerAt;
  t.true(settled < 500, `the rest is written soon after the last request (${settled.toFixed(0)} ms)`);
});
