/**
 * Stream faults seen by raw `fetch` on streams recorded from real traffic (OpenAI SSE,
 * Ollama NDJSON, Anthropic padded SSE, Gemini CRLF SSE): the exact bytes before the fault,
 * then the documented ending — clean end, socket reset, or silence until the client aborts.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { encodeBody } from '../../src/cassette/body-codec.js';
import type { Cassette, RecordedInteraction } from '../../src/cassette/types.js';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import { cassetteDir, firstFrames, frames, startFaultServer } from '../helpers/fault-fixtures.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../cassettes/${name}.json`, import.meta.url), 'utf8')) as Cassette;
const pick = (c: Cassette, id: string) => c.interactions.find((i) => i.id === id) as RecordedInteraction;

const CASSETTES = { openai: load('openai'), ollama: load('ollama'), anthropic: load('anthropic'), gemini: load('gemini') };
const CASES = [
  { name: 'OpenAI SSE', interaction: pick(CASSETTES.openai, 'chat-stream') },
  { name: 'Ollama NDJSON', interaction: pick(CASSETTES.ollama, 'chat-stream') },
  { name: 'Anthropic SSE (padded JSON)', interaction: pick(CASSETTES.anthropic, 'messages-stream') },
  { name: 'Gemini SSE (CRLF)', interaction: pick(CASSETTES.gemini, 'stream-sse-2') },
];

interface Received {
  status: number;
  headers: Headers;
  body: Buffer;
  error?: Error;
}

/**
 * Sends the recorded request with fetch and reads the body to its end (or its failure).
 * `idleMs`: a read timeout, as clients have one — abort once the body has been silent that long.
 */
async function fetchRecorded(h: MockllmHandle, i: RecordedInteraction, fault: string, idleMs?: number): Promise<Received> {
  const query = new URLSearchParams(i.request.query as Record<string, string> | undefined).toString();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const idle = () => {
    clearTimeout(timer);
    if (idleMs !== undefined) timer = setTimeout(() => controller.abort(new DOMException(`no byte for ${idleMs} ms`, 'TimeoutError')), idleMs);
  };
  const res = await fetch(`${h.url}${i.request.path}${query ? `?${query}` : ''}`, {
    method: i.request.method,
    headers: { 'content-type': 'application/json', 'x-mockllm-fault': fault },
    body: encodeBody(i.request.body),
    signal: controller.signal,
  });
  const chunks: Buffer[] = [];
  const reader = res.body!.getReader();
  try {
    for (idle(); ; idle()) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
    }
    return { status: res.status, headers: res.headers, body: Buffer.concat(chunks) };
  } catch (error) {
    return { status: res.status, headers: res.headers, body: Buffer.concat(chunks), error: error as Error };
  } finally {
    clearTimeout(timer);
  }
}

async function server(t: Parameters<typeof startFaultServer>[0]) {
  return startFaultServer(t, { cassettes: cassetteDir(t, CASSETTES) });
}

for (const c of CASES) {
  test(`${c.name}: truncate after 2 → the first 2 events byte for byte, then a clean end`, async (t) => {
    const h = await server(t);
    const r = await fetchRecorded(h, c.interaction, 'truncate;after=2');
    t.is(r.status, 200);
    t.is(r.error, undefined);
    t.true(r.body.equals(firstFrames(c.interaction, 2)));
    t.is(r.headers.get('x-mockllm-fault'), 'truncate;after=2');
  });

  test(`${c.name}: reset after 2 → the first 2 events, then TypeError "terminated"`, async (t) => {
    const h = await server(t);
    const r = await fetchRecorded(h, c.interaction, 'reset;after=2');
    t.true(r.body.equals(firstFrames(c.interaction, 2)));
    t.true(r.error instanceof TypeError);
    t.is(r.error?.message, 'terminated');
  });

  test(`${c.name}: malformed after 2 → the first 2 events, then invalid JSON in the stream's framing, then a clean end`, async (t) => {
    const h = await server(t);
    const r = await fetchRecorded(h, c.interaction, 'malformed;after=2');
    t.is(r.error, undefined);
    const head = firstFrames(c.interaction, 2);
    t.true(r.body.subarray(0, head.length).equals(head));
    const bad = r.body.subarray(head.length).toString('utf8');
    const original = frames(c.interaction)[2]!.toString('utf8');
    const nl = original.includes('\r\n') ? '\r\n' : '\n';
    const event = /^event: ([^\r\n]*)/.exec(original)?.[1];
    const expected = c.interaction.response.stream!.framing === 'ndjson' ? `{"broken": ${nl}` : `${event ? `event: ${event}${nl}` : ''}data: {"broken": ${nl}${nl}`;
    t.is(bad, expected);
  });

  test(`${c.name}: stream_error after 2 → the first 2 events, then the provider's in-band error, then a clean end`, async (t) => {
    const h = await server(t);
    const r = await fetchRecorded(h, c.interaction, 'stream_error;after=2');
    t.is(r.status, 200);
    t.is(r.error, undefined);
    const head = firstFrames(c.interaction, 2);
    t.true(r.body.subarray(0, head.length).equals(head));
    const tail = r.body.subarray(head.length).toString('utf8');
    const expected: Record<string, RegExp> = {
      'OpenAI SSE': /^data: \{"error":\{"message":"The server had an error[^"]*","type":"server_error","param":null,"code":null\}\}\n\n$/,
      'Ollama NDJSON': /^\{"error":"an error was encountered while running the model"\}\n$/,
      'Anthropic SSE (padded JSON)': /^event: error\ndata: \{"type":"error","error":\{"details":null,"type":"overloaded_error","message":"Overloaded"\}\}\n\n$/,
      'Gemini SSE (CRLF)': /^data: \{"error":\{"code":500,"message":"An internal error has occurred[^"]*","status":"INTERNAL"\}\}\r\n\r\n$/,
    };
    t.regex(tail, expected[c.name]!);
  });

  test(`${c.name}: hang after 1 → the first event, then nothing until the client's read timeout (TimeoutError)`, async (t) => {
    const h = await server(t);
    const r = await fetchRecorded(h, c.interaction, 'hang;after=1', 200);
    t.true(r.body.equals(firstFrames(c.interaction, 1)));
    t.is(r.error?.name, 'TimeoutError');
  });
}

test('ping: SSE comments (OpenAI) and Anthropic ping events interleaved; the events themselves unchanged', async (t) => {
  const h = await server(t);
  const openai = CASES[0]!.interaction;
  const r = await fetchRecorded(h, openai, 'ping;every=10');
  const f = frames(openai);
  t.true(r.body.equals(Buffer.concat([Buffer.from(': ping\n\n'), ...f.slice(0, 10), Buffer.from(': ping\n\n'), ...f.slice(10, 20), Buffer.from(': ping\n\n'), ...f.slice(20)])));
  const anthropic = CASES[2]!.interaction;
  const a = await fetchRecorded(h, anthropic, 'ping;every=100');
  t.true(a.body.equals(Buffer.concat([Buffer.from('event: ping\ndata: {"type": "ping"}\n\n'), ...frames(anthropic)])));
});

test('status on a stream request: the provider error before any event (Gemini keeps text/event-stream)', async (t) => {
  const h = await server(t);
  const gemini = await fetchRecorded(h, CASES[3]!.interaction, 'kind=status;status=503');
  t.is(gemini.status, 503);
  t.is(gemini.headers.get('content-type'), 'text/event-stream');
  t.like(JSON.parse(gemini.body.toString()), { error: { code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' } });
  const ollama = await fetchRecorded(h, CASES[1]!.interaction, 'kind=status;status=404;preset=model_not_found');
  t.is(ollama.status, 404);
  t.deepEqual(JSON.parse(ollama.body.toString()), { error: "model 'llama3' not found" });
});
