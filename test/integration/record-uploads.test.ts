/**
 * Request bodies beyond chat JSON: multipart uploads (the random boundary never breaks
 * matching), binary audio, an empty body, a body over 25 MB, and the size limit.
 */
import { createHash, randomBytes } from 'node:crypto';
import test from 'ava';
import { startRecord, startReplay } from '../../src/index.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { closeLater, listFiles, rawRequest, recorded, tempDir } from './record-support.js';

const TRANSCRIPT = { 'content-type': 'application/json' };

function audioForm(audio: Buffer): FormData {
  const form = new FormData();
  form.append('model', 'whisper-1');
  form.append('file', new Blob([audio], { type: 'audio/mpeg' }), 'speech.mp3');
  return form;
}

test('multipart upload: recorded as base64 with a normalized boundary; a new random boundary still matches', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/audio/transcriptions', headers: TRANSCRIPT, body: '{"text":"hello"}' }] });
  t.teardown(() => up.close());
  const audio = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x00]), randomBytes(4096)]);
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const first = await fetch(`${rec.url}/v1/audio/transcriptions`, { method: 'POST', body: audioForm(audio) });
  t.is(await first.text(), '{"text":"hello"}');
  // The upstream got the client's own boundary and the exact bytes.
  const got = up.requests[0]!;
  const boundary = /boundary=(.+)$/.exec(String(got.headers['content-type']))![1]!;
  t.true(got.body.includes(Buffer.from(`--${boundary}`)));
  t.true(got.body.includes(audio));
  await rec.close();
  // The same upload (with a new random boundary) in the next session is a hit.
  const next = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const again = await fetch(`${next.url}/v1/audio/transcriptions`, { method: 'POST', body: audioForm(audio) });
  t.is(again.headers.get('x-mockllm-interaction'), '#0');
  t.is(up.requests.length, 1);
  await next.close();

  const [stored] = recorded(dir);
  t.regex(String(stored!.request.headers!['content-type']), /boundary=mockllm-boundary$/);
  const body = Buffer.from((stored!.request.body as { base64: string }).base64, 'base64');
  t.true(body.includes(Buffer.from('--mockllm-boundary')));
  t.false(body.includes(Buffer.from(boundary)));
  t.true(body.includes(audio));

  const rp = closeLater(t, await startReplay({ cassettes: dir }));
  const replayed = await fetch(`${rp.url}/v1/audio/transcriptions`, { method: 'POST', body: audioForm(audio) });
  t.is(await replayed.text(), '{"text":"hello"}');
  t.is(replayed.headers.get('x-mockllm-miss'), null);
});

test('binary response bodies (audio) are recorded as base64 and replayed byte for byte', async (t) => {
  const dir = tempDir(t);
  const mp3 = Buffer.concat([Buffer.from('ID3'), randomBytes(20_000)]);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/audio/speech', headers: { 'content-type': 'audio/mpeg' }, body: mp3 }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const body = '{"model":"tts-1","input":"hi","voice":"alloy"}';
  const live = await rawRequest(rec.url, { path: '/v1/audio/speech', headers: TRANSCRIPT, body });
  t.true(live.body.equals(mp3));
  await rec.close();
  t.truthy((recorded(dir)[0]!.response.body as { base64?: string }).base64);
  const rp = closeLater(t, await startReplay({ cassettes: dir }));
  t.true((await rawRequest(rp.url, { path: '/v1/audio/speech', headers: TRANSCRIPT, body })).body.equals(mp3));
});

test('zero-byte upload: forwarded with content-length 0, recorded, replayed', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/files/empty', headers: TRANSCRIPT, body: '{"ok":true}' }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const res = await rawRequest(rec.url, { path: '/v1/files/empty', headers: { 'content-type': 'application/octet-stream', 'content-length': '0' } });
  t.is(res.status, 200);
  t.is(up.requests[0]!.headers['content-length'], '0');
  t.is(up.requests[0]!.body.length, 0);
  await rec.close();
  const [stored] = recorded(dir);
  t.is(stored!.request.body, undefined);
  const rp = closeLater(t, await startReplay({ cassettes: dir }));
  const again = await rawRequest(rp.url, { path: '/v1/files/empty', headers: { 'content-type': 'application/octet-stream', 'content-length': '0' } });
  t.is(again.headers['x-mockllm-interaction'], '#0');
});

test('an upload over 25 MB is forwarded whole and recorded; over --max-body-bytes it is refused with 413', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: [{ path: '/v1/audio/transcriptions', headers: TRANSCRIPT, body: '{"text":"long"}' }] });
  t.teardown(() => up.close());
  const big = randomBytes(26 * 1024 * 1024);
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  const res = await rawRequest(rec.url, { path: '/v1/audio/transcriptions', headers: { 'content-type': 'audio/wav' }, body: big });
  t.is(res.status, 200);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  t.is(sha(up.requests[0]!.body), sha(big));
  await rec.close();
  t.is(sha(Buffer.from((recorded(dir)[0]!.request.body as { base64: string }).base64, 'base64')), sha(big));

  const small = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir, maxBodyBytes: 1024 * 1024, cassette: 'limited' }));
  const declared = await rawRequest(small.url, { path: '/v1/chat/completions', headers: TRANSCRIPT, body: Buffer.alloc(2 * 1024 * 1024, 0x20) });
  t.is(declared.status, 413);
  t.regex((JSON.parse(declared.body.toString()) as { error: { message: string } }).error.message, /exceeds the limit of 1048576 bytes/);
  await small.close();
  t.is(up.requests.length, 1, 'nothing beyond the limit reached the upstream');
  t.deepEqual(listFiles(dir), ['default.json']);
});
