/**
 * Stream faults against the `ollama` npm client on a streamed /api/chat (NDJSON): the client
 * yields exactly the lines before the fault, then fails as documented.
 */
import test from 'ava';
import { Ollama } from 'ollama';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import { OLLAMA_STREAM_BODY, WORDS, startFaultServer } from '../helpers/fault-fixtures.js';

function client(h: MockllmHandle, fault?: string, apiKey?: string): Ollama {
  const headers: Record<string, string> = {};
  if (fault) headers['x-mockllm-fault'] = fault;
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return new Ollama({ host: h.baseURL('ollama'), headers });
}

async function chat(c: Ollama): Promise<{ contents: string[]; done: boolean; error?: Error }> {
  const contents: string[] = [];
  let done = false;
  try {
    const s = await c.chat({ ...OLLAMA_STREAM_BODY, stream: true });
    for await (const part of s) {
      if (part.done) done = true;
      else contents.push(part.message.content);
    }
    return { contents, done };
  } catch (error) {
    return { contents, done, error: error as Error };
  }
}

/** ollama-js warns on each line it cannot parse; keep the test output clean while it does. */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await run();
  } finally {
    console.warn = warn;
  }
}

const NO_DONE = 'Did not receive done or success response in stream.';

test('no fault: five lines and the done line', async (t) => {
  const h = await startFaultServer(t);
  t.deepEqual(await chat(client(h)), { contents: WORDS, done: true });
});

test('truncate after 3: three lines, then the stream ends without done:true → "Did not receive done…"', async (t) => {
  const h = await startFaultServer(t);
  const r = await chat(client(h, 'truncate;after=3'));
  t.deepEqual(r.contents, WORDS.slice(0, 3));
  t.false(r.done);
  t.is(r.error?.message, NO_DONE);
});

test('reset after 3: three lines, then TypeError "terminated"', async (t) => {
  const h = await startFaultServer(t);
  const r = await chat(client(h, 'reset;after=3'));
  t.deepEqual(r.contents, WORDS.slice(0, 3));
  t.true(r.error instanceof TypeError);
  t.is(r.error?.message, 'terminated');
});

test('reset before headers: fetch fails (TypeError "fetch failed")', async (t) => {
  const h = await startFaultServer(t);
  const r = await chat(client(h, 'reset'));
  t.deepEqual(r.contents, []);
  t.true(r.error instanceof TypeError);
  t.is(r.error?.message, 'fetch failed');
});

test('malformed after 3: three lines, the bad line is skipped (ollama-js only warns), then "Did not receive done…"', async (t) => {
  const h = await startFaultServer(t);
  const r = await quietly(() => chat(client(h, 'malformed;after=3')));
  t.deepEqual(r.contents, WORDS.slice(0, 3));
  t.is(r.error?.message, NO_DONE);
});

test('stream_error after 3: three lines, then the {"error"} line throws its message', async (t) => {
  const h = await startFaultServer(t);
  const r = await chat(client(h, 'stream_error;after=3;message=model runner crashed'));
  t.deepEqual(r.contents, WORDS.slice(0, 3));
  t.is(r.error?.message, 'model runner crashed');
});

test('API-key scenario ABRUPT_STREAM (reset after 2) and a status before the stream (ResponseError with status_code)', async (t) => {
  const h = await startFaultServer(t);
  const abrupt = await chat(client(h, undefined, 'ABRUPT_STREAM'));
  t.deepEqual(abrupt.contents, WORDS.slice(0, 2));
  t.is(abrupt.error?.message, 'terminated');
  const limited = await chat(client(h, undefined, 'RATE_LIMIT_COMPLETION'));
  t.is(limited.error?.name, 'ResponseError');
  t.is((limited.error as Error & { status_code?: number }).status_code, 429);
  t.is(limited.error?.message, 'too many requests');
});

test('stall and slow_stream keep every line', async (t) => {
  const h = await startFaultServer(t);
  const started = performance.now();
  t.deepEqual(await chat(client(h, 'stall;ms=120;after=2')), { contents: WORDS, done: true });
  t.true(performance.now() - started >= 115);
  t.deepEqual(await chat(client(h, 'slow_stream;tokens_per_second=1000')), { contents: WORDS, done: true });
});

test('ping does not apply to NDJSON: the stream is untouched and carries no fault header', async (t) => {
  const h = await startFaultServer(t);
  t.deepEqual(await chat(client(h, 'ping')), { contents: WORDS, done: true });
  t.deepEqual(h.stats().faults, {});
});

test('hang after 2: two lines, then nothing until the caller aborts (AbortError)', async (t) => {
  const h = await startFaultServer(t);
  const s = await client(h, 'hang;after=2').chat({ ...OLLAMA_STREAM_BODY, stream: true });
  const it = s[Symbol.asyncIterator]();
  const contents: string[] = [];
  for (let i = 0; i < 2; i++) contents.push(((await it.next()).value as { message: { content: string } }).message.content);
  const third = it.next().then(
    (r) => r,
    (e: Error) => e,
  );
  const timer = setTimeout(() => s.abort(), 100);
  const last = await third;
  clearTimeout(timer);
  t.deepEqual(contents, WORDS.slice(0, 2));
  t.is((last as Error).name, 'AbortError');
});
