/**
 * `mockllm/intercept`: the server pipeline served to this process's own fetch and http
 * clients through nock — the official SDKs, a plain `http.request` client, misses,
 * faults, timing — and a `restore()` that leaves the process as it found it.
 *
 * Interception is process-wide, so every test here is serial.
 */
import { once } from 'node:events';
import { request as httpRequest, createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import test from 'ava';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { intercept, type InterceptHandle, type InterceptOptions } from '../../src/intercept/index.js';
import type { Cassette, RecordedInteraction } from '../../src/cassette/types.js';
import { replyText } from '../../src/providers/reply-text.js';
import { ErrorCodes, MockllmError } from '../../src/errors.js';
import { allCaptures, clientRequestHeaders, requestTarget } from '../helpers/captures.js';
import { captureFrames, expectedWireBytes, interactionFromCapture } from '../helpers/capture-cassette.js';
import { tempDir, writeCassettes } from '../helpers/replay-fixture.js';

const BUNDLED = new URL('../../cassettes/', import.meta.url).pathname;
const bundled = (name: string) => JSON.parse(readFileSync(`${BUNDLED}${name}.json`, 'utf8')) as Cassette;
const recorded = (c: Cassette, id: string) => c.interactions.find((i) => i.id === id) as RecordedInteraction;
/** The Ollama captures came from the Python client, which sends fields the JS client does not. */
const OLLAMA_IGNORE = ['/format', '/options', '/keep_alive', '/system', '/template', '/context', '/raw', '/images'];

const baseline = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').sort();
const sameResources = (before: string[]) => JSON.stringify(baseline()) === JSON.stringify(before);

/** Waits (up to 3 s) for a condition that other parts of the process make true. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

/** Runs `fn` under an interception that is always restored. */
async function withIntercept(options: InterceptOptions, fn: (mock: InterceptHandle) => Promise<void>): Promise<void> {
  const mock = await intercept(options);
  try {
    await fn(mock);
  } finally {
    await mock.restore();
  }
}

const openai = () => new OpenAI({ apiKey: 'sk-test-not-a-real-key', maxRetries: 0 });
const JOKE = [{ role: 'user' as const, content: 'Tell me a joke about opentelemetry' }];

test.serial('openai v6 (fetch): a stream and a non-stream reply, on the real base URL, no server', async (t) => {
  await withIntercept({ cassettes: BUNDLED, cassette: 'openai' }, async (mock) => {
    const stream = await openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE, stream: true });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      chunks++;
    }
    t.is(text, replyText(recorded(bundled('openai'), 'chat-stream').response));
    t.true(chunks > 5);

    const { data, response } = await openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE }).withResponse();
    t.is(data.choices[0]?.message.content, replyText(recorded(bundled('openai'), 'chat-nonstream').response));
    t.is(response.headers.get('x-mockllm-cassette'), 'openai');
    t.is(response.headers.get('x-mockllm-interaction'), 'chat-nonstream');

    const stats = mock.stats();
    t.is(stats.hits, 2);
    t.is(stats.misses, 0);
    t.notThrows(() => mock.assertNoMisses());
  });
});

test.serial('ollama npm (fetch): chat stream and non-stream on its default host', async (t) => {
  await withIntercept({ cassettes: BUNDLED, cassette: 'ollama', ignore: OLLAMA_IGNORE }, async () => {
    const ollama = new Ollama();
    const messages = [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }];
    const res = await ollama.chat({ model: 'llama3', messages, stream: false });
    t.is(res.message.content, replyText(recorded(bundled('ollama'), 'chat-nonstream').response));
    let text = '';
    let parts = 0;
    for await (const part of await ollama.chat({ model: 'llama3', messages, stream: true })) {
      text += part.message.content;
      parts++;
    }
    t.is(text, replyText(recorded(bundled('ollama'), 'chat-stream').response));
    t.true(parts > 3);
  });
});

test.serial('an http.request client gets the recorded NDJSON stream, one line per chunk', async (t) => {
  const interaction = recorded(bundled('ollama'), 'generate-stream');
  await withIntercept({ cassettes: BUNDLED, cassette: 'ollama' }, async () => {
    const body = JSON.stringify((interaction.request.body as { json: unknown }).json);
    const { res, chunks } = await httpPost('http://127.0.0.1:11434/api/generate', body);
    t.is(res.statusCode, 200);
    t.is(res.headers['x-mockllm-interaction'], 'generate-stream');
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    t.is(lines.length, interaction.response.stream!.events.length);
    t.true(JSON.parse(lines.at(-1)!).done);
  });
});

test.serial('every capture: the same bytes as the server sends, one event per chunk (fetch)', async (t) => {
  const dir = tempDir();
  const captures = allCaptures();
  const cassettes: Record<string, Cassette> = {};
  for (const c of captures) cassettes[c.id.replace('/', '-')] = { version: 1, interactions: [interactionFromCapture(c)] };
  writeCassettes(dir, cassettes);
  try {
    await withIntercept({ cassettes: dir }, async (mock) => {
      for (const c of captures) {
        const res = await fetch(mock.baseURL('anthropic', c.id.replace('/', '-')) + requestTarget(c), {
          method: c.request.method,
          headers: clientRequestHeaders(c),
          ...(c.request.method === 'GET' ? {} : { body: c.request.body }),
        });
        t.is(res.status, c.meta.response.status, c.id);
        const chunks: Buffer[] = [];
        for await (const chunk of res.body!) chunks.push(Buffer.from(chunk));
        t.true(Buffer.concat(chunks).equals(expectedWireBytes(c)), `${c.id}: same bytes`);
        if (c.framing && c.meta.response.status < 300) {
          const { frames, tail } = captureFrames(c);
          t.deepEqual(
            chunks.map((b) => b.toString('utf8')),
            (tail ? [...frames, tail] : frames).map((f) => f.toString('utf8')),
            `${c.id}: one event per chunk`,
          );
        }
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('timing recorded: events arrive at their offsets, scheduled from the request start', async (t) => {
  const dir = tempDir();
  writeCassettes(dir, { timed: timedCassette([0, 120, 240]) });
  try {
    await withIntercept({ cassettes: dir, timing: 'recorded' }, async () => {
      const started = performance.now();
      const res = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: TIMED_BODY });
      const at: number[] = [];
      for await (const _ of res.body!) at.push(performance.now() - started);
      t.is(at.length, 3);
      t.true(at[1]! >= 110, `second event at ${at[1]} ms`);
      t.true(at[2]! >= 230, `third event at ${at[2]} ms`);
      t.true(at[2]! < 1000, 'no accumulated drift');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('a miss answers like the server (404, provider-shaped, x-mockllm-miss) and fails assertNoMisses', async (t) => {
  await withIntercept({ cassettes: BUNDLED, cassette: 'openai' }, async (mock) => {
    const error = await t.throwsAsync(openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'never recorded' }] }));
    t.true(error instanceof OpenAI.NotFoundError);
    t.regex(error!.message, /closest: openai#chat-nonstream/);
    t.regex(error!.message, /\/messages\/0\/content/);
    t.is((error as InstanceType<typeof OpenAI.NotFoundError>).headers.get('x-mockllm-miss'), '1');
    t.is(mock.misses().length, 1);
    t.is(mock.misses()[0]!.path, '/v1/chat/completions');
    const thrown = t.throws(() => mock.assertNoMisses(), { instanceOf: MockllmError });
    t.is(thrown!.code, ErrorCodes.MISS);
    t.regex(thrown!.details[0]!, /POST \/v1\/chat\/completions \[cassette openai\]: .*closest: openai#chat-nonstream/);
  });
  await withIntercept({ cassettes: BUNDLED, cassette: 'openai', onMiss: 'respond' }, async (mock) => {
    await t.throwsAsync(openai().embeddings.create({ model: 'never-recorded', input: 'x' }));
    t.is(mock.misses().length, 1);
    t.notThrows(() => mock.assertNoMisses(), 'onMiss: respond tolerates misses');
  });
});

test.serial('faults apply: an armed 429, and a reset mid-stream that the SDK sees as a broken connection', async (t) => {
  await withIntercept({ cassettes: BUNDLED, cassette: 'openai' }, async (mock) => {
    mock.faults.arm({ kind: 'status', status: 429 }, 1);
    const limited = await t.throwsAsync(openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE }));
    t.true(limited instanceof OpenAI.RateLimitError);
    t.truthy((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after'));

    mock.faults.arm({ kind: 'reset', after: 2 }, 1);
    const stream = await openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE, stream: true });
    let received = 0;
    await t.throwsAsync(async () => {
      for await (const _ of stream) received++;
    });
    t.is(received, 2, 'two events, then the connection breaks');

    mock.faults.arm({ kind: 'reset' }, 1);
    const before = await t.throwsAsync(openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE }));
    t.true(before instanceof OpenAI.APIConnectionError, 'a reset before the headers is a connection error');

    const res = await openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE });
    t.truthy(res.choices[0]?.message.content, 'faults armed for one request fire once');
  });
});

test.serial('a per-request fault header works in-process too', async (t) => {
  await withIntercept({ cassettes: BUNDLED, cassette: 'openai' }, async () => {
    const res = await fetch('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mockllm-fault': 'kind=status;status=503' },
      body: JSON.stringify({ messages: JOKE, model: 'gpt-3.5-turbo' }),
    });
    t.is(res.status, 503);
    t.truthy(res.headers.get('x-mockllm-fault'));
    await res.arrayBuffer();
  });
});

test.serial('hand-written replies render in-process as over HTTP (stream, in the SDK’s format)', async (t) => {
  const dir = tempDir();
  writeCassettes(dir, { rules: { version: 1, interactions: [{ id: 'greeting', match: { path: '/v1/chat/completions', last_user_message: 'hi' }, reply: { text: 'Hello from a rule' } }] } });
  try {
    await withIntercept({ cassettes: dir }, async (mock) => {
      const stream = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      t.is(text, 'Hello from a rule');
      t.is(mock.stats().hits, 1);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('restore() restores: a real local server is reached afterwards, and no handles or timers stay behind', async (t) => {
  const before = baseline();
  const local = createServer((_req, res) => res.end('real server'));
  local.listen(0, '127.0.0.1');
  await once(local, 'listening');
  const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}/v1/never-recorded`;
  try {
    const mock = await intercept({ cassettes: BUNDLED, cassette: 'openai', onMiss: 'respond' });
    try {
      const intercepted = await fetch(url);
      t.is(intercepted.status, 404, 'while intercepting, every host is served from cassettes (a miss here)');
      t.is(intercepted.headers.get('x-mockllm-miss'), '1');
      await intercepted.arrayBuffer();
    } finally {
      await mock.restore();
    }
    await mock.restore();

    const viaFetch = await fetch(url);
    t.is(await viaFetch.text(), 'real server');
    const viaHttp = await httpGet(url);
    t.is(viaHttp, 'real server');
  } finally {
    local.closeAllConnections();
    local.close();
    await once(local, 'close');
  }
  // Keep-alive sockets of fetch and the http agent close when the server side has.
  await until(() => sameResources(before));
  t.deepEqual(baseline(), before);
});

test.serial('restore() ends a response that hangs (and one paced by recorded timing) without leaving timers', async (t) => {
  const before = baseline();
  const dir = tempDir();
  writeCassettes(dir, { timed: timedCassette([0, 60_000]) });
  try {
    const mock = await intercept({ cassettes: dir, timing: 'recorded' });
    const slow = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: TIMED_BODY });
    const reader = slow.body!.getReader();
    t.truthy((await reader.read()).value, 'the first event is there at once');
    mock.faults.arm({ kind: 'hang' });
    const hanging = fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: TIMED_BODY });
    await until(() => mock.stats().requests === 2);
    await mock.restore();
    await t.throwsAsync(hanging, undefined, 'the hanging request fails once interception ends');
    const rest = await reader.read().then(
      (r) => r.done,
      () => true,
    );
    t.true(rest, 'the paced stream ends');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await until(() => sameResources(before));
  t.deepEqual(baseline(), before);
});

test.serial('hosts / passthrough choose what is intercepted', async (t) => {
  const local = createServer((_req, res) => res.end('real'));
  local.listen(0, '127.0.0.1');
  await once(local, 'listening');
  const port = (local.address() as AddressInfo).port;
  try {
    await withIntercept({ cassettes: BUNDLED, cassette: 'openai', passthrough: [`127.0.0.1:${port}`] }, async () => {
      t.is(await (await fetch(`http://127.0.0.1:${port}/v1/never-recorded`)).text(), 'real');
      const hit = await openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE });
      t.truthy(hit.choices[0]?.message.content);
    });
    await withIntercept({ cassettes: BUNDLED, cassette: 'openai', hosts: ['api.openai.com'] }, async () => {
      t.is(await httpGet(`http://127.0.0.1:${port}/`), 'real', 'a host outside `hosts` goes to the network');
      const hit = await openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE });
      t.truthy(hit.choices[0]?.message.content);
    });
  } finally {
    local.closeAllConnections();
    local.close();
  }
});

test.serial('useCassette scopes requests that name none; the /c/NAME/ base URL works in-process', async (t) => {
  await withIntercept({ cassettes: BUNDLED }, async (mock) => {
    const scoped = new OpenAI({ apiKey: 'k', maxRetries: 0, baseURL: mock.baseURL('openai', 'openai') });
    const { response } = await scoped.chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE }).withResponse();
    t.is(response.headers.get('x-mockllm-cassette'), 'openai');
    mock.useCassette('anthropic');
    await t.throwsAsync(openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE }), { instanceOf: OpenAI.NotFoundError });
    t.is(mock.misses().at(-1)?.scope, 'anthropic');
    mock.useCassette(undefined);
    t.truthy((await openai().chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE })).choices[0]);
  });
});

test.serial('options are validated like the server; one interception at a time', async (t) => {
  const bad = await t.throwsAsync(intercept({ cassettes: BUNDLED, timing: 'sometimes' as 'fast' }), { instanceOf: MockllmError });
  t.is(bad!.code, ErrorCodes.INVALID_OPTIONS);
  const record = await t.throwsAsync(intercept({ cassettes: BUNDLED, mode: 'record' }), { instanceOf: MockllmError });
  t.regex(record!.message, /record needs --upstream/);
  const missingDir = await t.throwsAsync(intercept({ cassettes: '/nonexistent/cassettes' }), { instanceOf: MockllmError });
  t.is(missingDir!.code, ErrorCodes.CASSETTE_DIR);

  const first = await intercept({ cassettes: BUNDLED });
  try {
    const second = await t.throwsAsync(intercept({ cassettes: BUNDLED }), { instanceOf: MockllmError });
    t.is(second!.code, ErrorCodes.INTERCEPT_ACTIVE);
  } finally {
    await first.restore();
  }
  const again = await intercept({ cassettes: BUNDLED });
  await again.restore();
  t.pass();
});

const TIMED_BODY = JSON.stringify({ model: 'timed', messages: [{ role: 'user', content: 'tick' }], stream: true });

function timedCassette(offsets: number[]): Cassette {
  return {
    version: 1,
    interactions: [
      {
        id: 'ticks',
        request: { method: 'POST', path: '/v1/chat/completions', body: { json: JSON.parse(TIMED_BODY) } },
        response: {
          status: 200,
          headers: { 'content-type': 'text/event-stream' },
          stream: { framing: 'sse', events: offsets.map((t, i) => ({ t, data: { i } })) },
        },
      },
    ],
  };
}

function httpPost(url: string, body: string): Promise<{ res: IncomingMessage; chunks: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, chunks }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpRequest(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}
