/**
 * When the recorder writes a cassette: in a lull in traffic, so that printing and writing a
 * growing cassette never delays a live request — but within a second however busy the
 * traffic, so that recordings still reach the disk. Serial: this measures time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import test from 'ava';
import { startRecord } from '../../src/index.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { rawRequest, recorded, tempDir, until } from '../integration/record-support.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

test.serial('writes wait for a lull in traffic, at most a second, and follow the last request closely', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/chat/completions', headers: JSON_HEADERS, body: '{"ok":true}' }] });
  t.teardown(() => up.close());
  const rec = await startRecord({ upstream: up.url, cassettes: dir });
  t.teardown(() => rec.close());
  const file = join(dir, 'default.json');

  // Sequential requests with no pause between them, for 1.6 s: traffic never pauses.
  let firstAnswerAt: number | undefined;
  let writtenAt: number | undefined;
  let sent = 0;
  const started = performance.now();
  while (performance.now() - started < 1600) {
    const res = await rawRequest(rec.url, { path: '/v1/chat/completions', headers: JSON_HEADERS, body: `{"n":${sent++}}` });
    t.is(res.status, 200);
    firstAnswerAt ??= performance.now();
    if (writtenAt === undefined && existsSync(file)) writtenAt = performance.now();
  }
  t.truthy(writtenAt, 'the cassette was written while the traffic went on');
  const afterFirst = writtenAt! - firstAnswerAt!;
  t.log(`${sent} requests; first write ${afterFirst.toFixed(0)} ms after the first answer`);
  t.true(afterFirst >= 700, `no write during uninterrupted traffic before the bound (${afterFirst.toFixed(0)} ms)`);
  t.true(afterFirst <= 1400, `the bound holds: written within about a second (${afterFirst.toFixed(0)} ms)`);

  // Once the traffic stops, everything recorded lands shortly after the lull begins.
  const lastAnswerAt = performance.now();
  await until(() => recorded(dir).length === sent, 'every recording on disk', 3000);
  const settled = performance.now() - lastAnswerAt;
  t.true(settled < 500, `the rest is written soon after the last request (${settled.toFixed(0)} ms)`);
});
