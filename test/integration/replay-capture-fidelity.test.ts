/**
 * Every captured exchange, turned into a cassette and replayed through a real server on a
 * raw socket: the client must receive the capture's bytes, one event per chunk, with the
 * right content type and no stale transfer headers.
 */
import test from 'ava';
import { allCaptures, clientRequestHeaders, requestTarget, type Capture } from '../helpers/captures.js';
import { captureFrames, expectedWireBytes, interactionFromCapture } from '../helpers/capture-cassette.js';
import { rawRequest } from '../helpers/raw-http.js';
import { replayServer } from '../helpers/replay-fixture.js';

const captures = allCaptures();

test('there are captures of every provider to replay', (t) => {
  const providers = new Set(captures.map((c) => c.provider));
  for (const p of ['openai', 'ollama', 'anthropic', 'gemini', 'openai-compatible']) t.true(providers.has(p), p);
});

for (const capture of captures) {
  test(`replays ${capture.id} byte for byte`, async (t) => {
    const server = await replayServer(t, { [cassetteName(capture)]: { version: 1, interactions: [interactionFromCapture(capture)] } });
    const res = await rawRequest(server.url, {
      method: capture.request.method,
      path: requestTarget(capture),
      headers: clientRequestHeaders(capture),
      body: capture.request.body,
    });
    t.is(res.status, capture.meta.response.status);
    t.is(res.headers['x-mockllm-interaction'], capture.id.split('/')[1]);
    t.true(res.body.equals(expectedWireBytes(capture)), 'body bytes identical to the capture');
    t.is(res.headers['content-type'], contentTypeOf(capture));
    t.is(res.headers['content-encoding'], undefined, 'decoded bytes are never sent with content-encoding');

    const { frames, tail } = captureFrames(capture);
    if (capture.framing && capture.meta.response.status < 300) {
      t.is(res.headers['content-length'], undefined, 'a stream has no content-length');
      t.is(res.headers['transfer-encoding'], 'chunked');
      const expected = tail ? [...frames, tail] : frames;
      t.deepEqual(
        res.chunks.map((c) => c.bytes.toString('utf8')),
        expected.map((f) => f.toString('utf8')),
        'each event arrives in its own chunk',
      );
    } else {
      t.is(res.headers['content-length'], String(expectedWireBytes(capture).length), 'content-length matches the replayed body');
    }
  });
}

function cassetteName(c: Capture): string {
  return c.id.replace('/', '-');
}

function contentTypeOf(c: Capture): string {
  const h = Object.entries(c.responseHeaders).find(([k]) => k === 'content-type')?.[1];
  return Array.isArray(h) ? h[0]! : h!;
}
