/**
 * Issue 11 §6/§8: Gemini's streaming endpoint answers errors with `content-type:
 * text/event-stream` and a bare, pretty-printed JSON error (captured:
 * `gemini/stream-error-404-model`). mockllm did so for faults and error replies only; its own
 * misses, its 400s and the 502 of an unreachable upstream said `application/json` there.
 * One place (the Gemini adapter's `errorBody`) now gives the content type on every path.
 */
import { rmSync } from 'node:fs';
import test from 'ava';
import { ApiError, GoogleGenAI } from '@google/genai';
import { startRecord } from '../../src/index.js';
import { loadCapture } from '../helpers/captures.js';
import { replayServer, tempDir } from '../helpers/replay-fixture.js';

const STREAM_PATH = '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse';
const BODY = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] });

/** The captured error: its content type and the keys of its error object. */
const captured = loadCapture('gemini/stream-error-404-model');
const capturedKeys = Object.keys((JSON.parse(captured.body.toString()) as { error: object }).error).sort();

async function post(base: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${STREAM_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), text, error: (JSON.parse(text) as { error: { code: number; status: string; message: string } }).error };
}

function assertGeminiStreamError(t: import('ava').ExecutionContext, r: Awaited<ReturnType<typeof post>>, status: number, googleStatus: string): void {
  t.is(r.status, status);
  t.is(r.contentType, captured.meta.response.headers['content-type'] as string, 'text/event-stream, as the real endpoint');
  t.false(r.text.startsWith('data:'), 'a bare JSON body, not an SSE frame');
  t.true(r.text.startsWith('{\n  "error": {') && r.text.endsWith('}\n'), 'pretty-printed with a trailing LF');
  t.deepEqual(Object.keys(r.error).sort(), capturedKeys);
  t.is(r.error.code, status);
  t.is(r.error.status, googleStatus);
}

test('a miss on the streaming endpoint', async (t) => {
  const s = await replayServer(t, {});
  assertGeminiStreamError(t, await post(s.url), 404, 'NOT_FOUND');
  // The official client reads it as the 404 it is.
  const ai = new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: s.url } });
  const e = await t.throwsAsync(async () => {
    for await (const _ of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'hello' }));
  });
  t.true(e instanceof ApiError);
  t.is((e as ApiError).status, 404);
});

test("mockllm's own 400 (an invalid x-mockllm-fault) on the streaming endpoint", async (t) => {
  const s = await replayServer(t, {});
  assertGeminiStreamError(t, await post(s.url, { 'x-mockllm-fault': 'no-such-fault' }), 400, 'INVALID_ARGUMENT');
});

test('the 502 of an unreachable upstream, in record mode', async (t) => {
  // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
  const dir = tempDir();
  const rec = await startRecord({ upstream: 'http://127.0.0.1:9', cassettes: dir });
  t.teardown(async () => {
    await rec.close();
    rmSync(dir, { recursive: true, force: true });
  });
  assertGeminiStreamError(t, await post(rec.url), 502, 'UNAVAILABLE');
});
