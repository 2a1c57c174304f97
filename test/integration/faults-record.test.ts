/**
 * Faults in record mode: they shape what the client sees, never what is saved. Stream
 * faults act on the live frames as they pass; a replacing fault answers without forwarding.
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecord } from '../../src/api/start-server.js';
import type { Cassette, RecordedInteraction } from '../../src/cassette/types.js';
import { loadCapture } from '../helpers/captures.js';
import { send } from '../helpers/fault-fixtures.js';
import { splitFrames, startFakeUpstream } from '../helpers/fake-upstream.js';

const capture = loadCapture('openai/chat-stream');

async function recorder(t: ExecutionContext) {
  const dir = mkdtempSync(join(tmpdir(), 'mockllm-faults-rec-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const up = await startFakeUpstream({ routes: [{ capture, gapMs: 2 }] });
  t.teardown(() => up.close());
  const rec = await startRecord({ upstream: up.url, cassettes: dir });
  t.teardown(() => rec.close());
  return { dir, up, rec };
}

const cassetteAt = (dir: string) => JSON.parse(readFileSync(join(dir, 'default.json'), 'utf8')) as Cassette;

test('truncate after 3 in record: the client gets 3 events; the cassette gets the whole upstream stream', async (t) => {
  const { dir, up, rec } = await recorder(t);
  const r = await send(rec.url, { path: capture.request.path, body: capture.request.body.toString(), headers: { 'x-mockllm-fault': 'truncate;after=3' } });
  const all = splitFrames(capture.body, 'sse');
  t.is(r.status, 200);
  t.is(r.headers['x-mockllm-fault'], 'truncate;after=3');
  t.true(r.body.equals(Buffer.concat(all.slice(0, 3))));
  await rec.close();
  t.is(up.requests.length, 1);
  t.is(up.requests[0]!.headers['x-mockllm-fault'], undefined, 'the fault header is not forwarded');
  const saved = cassetteAt(dir).interactions[0] as RecordedInteraction;
  t.is(saved.response.stream?.events.length, all.length, 'every upstream event is recorded');
  t.is(JSON.stringify(saved).includes('x-mockllm-fault'), false, 'the fault header is not stored');
});

test('a status fault in record answers without forwarding; nothing is recorded', async (t) => {
  const { dir, up, rec } = await recorder(t);
  const r = await send(rec.url, { path: capture.request.path, body: capture.request.body.toString(), headers: { 'x-mockllm-fault': '503' } });
  t.is(r.status, 503);
  await rec.close();
  t.is(up.requests.length, 0);
  t.is(rec.stats().recorded, 0);
  t.false(existsSync(join(dir, 'default.json')) && cassetteAt(dir).interactions.length > 0);
});
