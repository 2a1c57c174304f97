/**
 * Fault overlays against the official `openai` SDK (v6): retries on 429/500, and every
 * stream fault on a streamed chat completion — the client sees exactly the chunks before
 * the fault, then the documented failure.
 */
import test from 'ava';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, InternalServerError, RateLimitError } from 'openai';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import { OPENAI_BODY, OPENAI_STREAM_BODY, WORDS, startFaultServer, tempFile } from '../helpers/fault-fixtures.js';

function client(h: MockllmHandle, opts: { fault?: string; maxRetries?: number; timeout?: number } = {}): OpenAI {
  return new OpenAI({
    baseURL: h.baseURL('openai'),
    apiKey: 'sk-test',
    maxRetries: opts.maxRetries ?? 0,
    logLevel: 'off',
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
    ...(opts.fault ? { defaultHeaders: { 'x-mockllm-fault': opts.fault } } : {}),
  });
}

/** Streams a chat completion; returns the content of every chunk received and what was thrown. */
async function stream(c: OpenAI, options: { signal?: AbortSignal } = {}): Promise<{ contents: string[]; error?: unknown }> {
  const contents: string[] = [];
  try {
    const s = await c.chat.completions.create({ ...OPENAI_STREAM_BODY, stream: true } as OpenAI.ChatCompletionCreateParamsStreaming, options);
    for await (const chunk of s) contents.push(chunk.choices[0]?.delta?.content ?? '');
    return { contents };
  } catch (error) {
    return { contents, error };
  }
}

/** Chunk contents of the recorded stream: role chunk (''), five words, finish chunk (''). */
const ALL = ['', ...WORDS, ''];

test('first: 1 429 with retry-after-ms 10: the SDK retries once and succeeds; the server saw exactly two requests', async (t) => {
  const overlay = tempFile(t, 'retry.json', JSON.stringify({ faults: [{ kind: 'status', status: 429, retry_after_ms: 10, when: { path: '/v1/chat/completions', first: 1 } }] }));
  const h = await startFaultServer(t, { overlay: [overlay] });
  const completion = await client(h, { maxRetries: 2 }).chat.completions.create(OPENAI_BODY as OpenAI.ChatCompletionCreateParamsNonStreaming);
  t.is(completion.choices[0]?.message.content, WORDS.join(''));
  const stats = h.stats();
  t.is(stats.requests, 2);
  t.is(stats.hits, 1);
  t.deepEqual(stats.faults, { [`overlay ${overlay}#0 (path /v1/chat/completions, first 1)`]: 1 });
});

test('status 500 forever: the SDK gives up after its retries with InternalServerError', async (t) => {
  const h = await startFaultServer(t);
  h.faults.arm({ kind: 'status', status: 500 });
  const e = await t.throwsAsync(client(h, { maxRetries: 1 }).chat.completions.create(OPENAI_BODY as OpenAI.ChatCompletionCreateParamsNonStreaming), { instanceOf: InternalServerError });
  t.is(e.status, 500);
  t.is(e.type, 'server_error');
  t.regex(e.message, /The server had an error while processing your request/);
  t.is(h.stats().requests, 2, 'one request and one retry');
  t.deepEqual(h.stats().faults, { 'runtime#1': 2 });
});

test('429 without retries: RateLimitError carrying the headers the SDK honours', async (t) => {
  const h = await startFaultServer(t);
  const e = await t.throwsAsync(client(h, { fault: 'rate_limit;retry_after=7' }).chat.completions.create(OPENAI_BODY as OpenAI.ChatCompletionCreateParamsNonStreaming), { instanceOf: RateLimitError });
  t.is(e.code, 'rate_limit_exceeded');
  t.is(e.headers.get('retry-after'), '7');
  t.is(e.headers.get('retry-after-ms'), '7000');
  t.is(e.headers.get('x-ratelimit-remaining-requests'), '0');
  t.is(e.headers.get('x-mockllm-fault'), 'status;preset=rate_limit;retry_after=7');
});

test('stream, no fault: every chunk', async (t) => {
  const h = await startFaultServer(t);
  t.deepEqual(await stream(client(h)), { contents: ALL });
});

test('truncate after 3: three chunks, then the stream ends without [DONE] and the SDK ends quietly', async (t) => {
  const h = await startFaultServer(t);
  t.deepEqual(await stream(client(h, { fault: 'truncate;after=3' })), { contents: ALL.slice(0, 3) });
});

test('reset after 3: three chunks, then TypeError "terminated" (undici: other side closed)', async (t) => {
  const h = await startFaultServer(t);
  const { contents, error } = await stream(client(h, { fault: 'reset;after=3' }));
  t.deepEqual(contents, ALL.slice(0, 3));
  t.true(error instanceof TypeError);
  t.is((error as Error).message, 'terminated');
  t.is(((error as Error).cause as { code?: string }).code, 'UND_ERR_SOCKET');
});

test('reset before headers: APIConnectionError', async (t) => {
  const h = await startFaultServer(t);
  const { contents, error } = await stream(client(h, { fault: 'reset' }));
  t.deepEqual(contents, []);
  t.true(error instanceof APIConnectionError);
});

test('malformed after 3: three chunks, then SyntaxError from the SDK parsing the bad event', async (t) => {
  const h = await startFaultServer(t);
  const { contents, error } = await stream(client(h, { fault: 'malformed;after=3' }));
  t.deepEqual(contents, ALL.slice(0, 3));
  t.true(error instanceof SyntaxError);
});

test('?fail_chunk=3 (simple mocks): chunks 1-2, then chunk 3 is invalid JSON', async (t) => {
  const h = await startFaultServer(t);
  const c = new OpenAI({ baseURL: h.baseURL('openai'), apiKey: 'sk-test', maxRetries: 0, logLevel: 'off', defaultQuery: { fail_chunk: '3' } });
  const { contents, error } = await stream(c);
  t.deepEqual(contents, ALL.slice(0, 2));
  t.true(error instanceof SyntaxError);
});

test('stream_error after 3: three chunks, then APIError with the in-band error', async (t) => {
  const h = await startFaultServer(t);
  const { contents, error } = await stream(client(h, { fault: 'stream_error;after=3;message=boom;code=server_overloaded' }));
  t.deepEqual(contents, ALL.slice(0, 3));
  t.true(error instanceof APIError);
  t.is((error as APIError).message, 'boom');
  t.is((error as APIError).code, 'server_overloaded');
});

test('hang after 2: two chunks, then nothing until the caller aborts; the SDK then ends the stream quietly', async (t) => {
  const h = await startFaultServer(t);
  const controller = new AbortController();
  const c = client(h, { fault: 'hang;after=2' });
  const contents: string[] = [];
  const s = await c.chat.completions.create({ ...OPENAI_STREAM_BODY, stream: true } as OpenAI.ChatCompletionCreateParamsStreaming, { signal: controller.signal });
  const it = s[Symbol.asyncIterator]();
  for (let i = 0; i < 2; i++) contents.push((await it.next()).value.choices[0].delta.content);
  const third = it.next();
  const timer = setTimeout(() => controller.abort(), 100);
  const last = await third.catch((e: unknown) => e);
  clearTimeout(timer);
  t.deepEqual(contents, ALL.slice(0, 2));
  // openai-node ends a stream quietly (no error) when the caller's own signal aborts it mid-body.
  t.deepEqual(last, { done: true, value: undefined });
  t.true(controller.signal.aborted);
});

test('hang before headers with a 200 ms client timeout: APIConnectionTimeoutError', async (t) => {
  const h = await startFaultServer(t);
  const started = performance.now();
  const { error } = await stream(client(h, { fault: 'hang', timeout: 200 }));
  t.true(error instanceof APIConnectionTimeoutError);
  t.true(performance.now() - started >= 190);
});

test('ping: SSE comments between chunks are skipped by the SDK', async (t) => {
  const h = await startFaultServer(t);
  t.deepEqual(await stream(client(h, { fault: 'ping' })), { contents: ALL });
});

test('empty: a 200 stream with no events gives no chunks', async (t) => {
  const h = await startFaultServer(t);
  t.deepEqual(await stream(client(h, { fault: 'empty' })), { contents: [] });
});

test('non_json: the HTML 502 page surfaces as InternalServerError with the page as its message', async (t) => {
  const h = await startFaultServer(t);
  const { error } = await stream(client(h, { fault: 'non_json' }));
  t.true(error instanceof InternalServerError);
  t.is((error as InternalServerError).status, 502);
  t.regex((error as Error).message, /<title>502 Bad Gateway<\/title>/);
});

test('stall before chunk 1 and slow_stream: every chunk, later by the injected delays', async (t) => {
  const h = await startFaultServer(t);
  let started = performance.now();
  t.deepEqual(await stream(client(h, { fault: 'stall;ms=150;after=1' })), { contents: ALL });
  t.true(performance.now() - started >= 145, 'stalled 150 ms');
  started = performance.now();
  t.deepEqual(await stream(client(h, { fault: 'slow_stream;delay_ms=20' })), { contents: ALL });
  t.true(performance.now() - started >= 8 * 20 - 5, '20 ms before each of 8 events');
});

test('latency: the first byte arrives after the delay', async (t) => {
  const h = await startFaultServer(t);
  const started = performance.now();
  t.deepEqual(await stream(client(h, { fault: 'latency;ms=150' })), { contents: ALL });
  t.true(performance.now() - started >= 145);
});
