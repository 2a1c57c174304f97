/**
 * Record mode through interception: the process's own client is intercepted, the
 * forwarder reaches the real upstream (its undici requests are not intercepted, even to an
 * intercepted host), and the cassette it writes is the proxy's format — a replay server
 * then sends the same bytes.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import OpenAI from 'openai';
import { intercept } from '../../src/intercept/index.js';
import { startReplay } from '../../src/api/start-server.js';
import type { Cassette, RecordedInteraction } from '../../src/cassette/types.js';
import { cassetteProblems } from '../../src/cassette/validate.js';
import { loadCapture, requestTarget, clientRequestHeaders } from '../helpers/captures.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { rawRequest } from '../helpers/raw-http.js';
import { tempDir } from '../helpers/replay-fixture.js';

const JOKE = [{ role: 'user' as const, content: 'Tell me a joke about opentelemetry' }];

test.serial('openai SDK recorded through intercept, replayed through the server: same bytes, same events', async (t) => {
  const capture = loadCapture('openai/chat-stream');
  const upstream = await startFakeUpstream({ routes: [{ capture, gapMs: 5 }] });
  const dir = tempDir();
  try {
    const mock = await intercept({ mode: 'record', upstream: upstream.url, cassettes: dir, cassette: 'recorded' });
    let text = '';
    let clientBytes: Buffer;
    try {
      // The client keeps its real base URL: intercepted, forwarded to the (fake) upstream.
      const openai = new OpenAI({ apiKey: 'sk-live-secret-key-1234567890', maxRetries: 0 });
      const { data: stream, response } = await openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE, stream: true }).withResponse();
      t.is(response.status, 200);
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';

      // A raw fetch records a second exchange and shows the client got the upstream's bytes.
      const res = await fetch(`https://api.openai.com${requestTarget(capture)}`, {
        method: 'POST',
        headers: { ...clientRequestHeaders(capture), authorization: 'Bearer sk-live-secret-key-1234567890' },
        body: capture.request.body,
      });
      clientBytes = Buffer.from(await res.arrayBuffer());
    } finally {
      await mock.restore();
    }
    t.true(text.length > 0);
    t.is(upstream.requests.length, 2, 'both requests reached the upstream');
    t.is(upstream.requests[0]!.headers.authorization, 'Bearer sk-live-secret-key-1234567890', 'the key is forwarded upstream');
    const sent = (await upstream.exchange(1)).sent;
    t.true(clientBytes.equals(sent), 'in record mode the client gets exactly what the upstream sent');

    const file = join(dir, 'recorded.json');
    const text1 = readFileSync(file, 'utf8');
    const cassette = JSON.parse(text1) as Cassette;
    t.deepEqual(cassetteProblems(cassette, { key: { ignore: [], headers: [] }, checkStoredKeys: true }), [], 'a valid cassette');
    t.false(text1.includes('sk-live-secret-key'), 'the key is never written');
    t.true(cassette.interactions.length >= 1);
    t.true((cassette.interactions[0] as RecordedInteraction).response.stream !== undefined, 'recorded as a stream of events');

    const server = await startReplay({ cassettes: dir, cassette: 'recorded' });
    try {
      const replayed = await rawRequest(server.url, { method: 'POST', path: requestTarget(capture), headers: clientRequestHeaders(capture), body: capture.request.body });
      t.is(replayed.status, 200);
      t.true(replayed.body.equals(sent), 'the replay server sends the bytes the upstream sent');
      t.is(replayed.chunks.length, (cassette.interactions[0] as RecordedInteraction).response.stream!.events.length, 'one chunk per recorded event');
    } finally {
      await server.close();
    }
  } finally {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('the forwarder reaches an upstream on a host that is itself intercepted', async (t) => {
  const upstream = await startFakeUpstream({ routes: [{ capture: 'openai/chat-nonstream' }] });
  const dir = tempDir();
  try {
    const mock = await intercept({ mode: 'record', upstream: upstream.url, cassettes: dir });
    try {
      // Same host and port as the upstream: the client's request is intercepted, the
      // forwarder's is not (undici's own dispatcher, not fetch or http).
      const openai = new OpenAI({ apiKey: 'k', maxRetries: 0, baseURL: `${upstream.url}/v1` });
      const res = await openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE });
      t.truthy(res.choices[0]?.message.content);
      t.is(upstream.requests.length, 1);
    } finally {
      await mock.restore();
    }
    const cassette = JSON.parse(readFileSync(join(dir, 'default.json'), 'utf8')) as Cassette;
    t.is(cassette.interactions.length, 1);
    t.is(cassette.meta?.upstream ?? upstream.url, upstream.url);
  } finally {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
