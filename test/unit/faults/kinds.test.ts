import test from 'ava';
import { FAULT_KINDS, faultLabel, kindOf } from '../../../src/faults/fault-kinds.js';
import type { FaultSpec } from '../../../src/faults/fault-spec.js';
import { gatewayPage } from '../../../src/faults/kinds/non-json.js';
import { PROVIDERS } from '../../../src/providers/registry.js';
import { playFrames, target, type TargetInput } from './fault-target.js';

const SSE = ['data: {"n":0}\n\n', 'data: {"n":1}\n\n', 'data: {"n":2}\n\n', 'data: {"n":3}\n\n', 'data: [DONE]\n\n'];
const NDJSON = ['{"n":0,"done":false}\n', '{"n":1,"done":false}\n', '{"n":2,"done":true}\n'];
const isDone = (f: string) => PROVIDERS.openai.isTerminator(Buffer.from(f), 'sse');
const isOllamaDone = (f: string) => PROVIDERS.ollama.isTerminator(Buffer.from(f), 'ndjson');

function effect(spec: FaultSpec, input: TargetInput = { stream: 'sse' }) {
  const t = target(input);
  const kind = kindOf(spec);
  return { applies: kind.appliesTo(spec, t), effect: kind.apply(spec, t, {}) };
}

function play(spec: FaultSpec, frames = SSE, input: TargetInput = { stream: 'sse' }, term = isDone) {
  return playFrames(effect(spec, input).effect?.operator, frames, term, input.stream ?? 'sse');
}

test('every kind in the table answers to its own name', (t) => {
  for (const [name, kind] of Object.entries(FAULT_KINDS)) t.is(kind.kind as string, name);
});

test('truncate: N events, then a clean end without the terminator', (t) => {
  t.deepEqual(play({ kind: 'truncate', after: 2 }), { out: SSE.slice(0, 2).join(''), outcome: 'complete', delayMs: 0, delays: [] });
  // Default after = 2.
  t.is(play({ kind: 'truncate' }).out, SSE.slice(0, 2).join(''));
  // Shorter stream: everything but the terminator.
  t.is(play({ kind: 'truncate', after: 50 }).out, SSE.slice(0, 4).join(''));
  t.is(play({ kind: 'truncate', after: 50 }, NDJSON, { stream: 'ndjson', provider: 'ollama' }, isOllamaDone).out, NDJSON.slice(0, 2).join(''));
  t.is(play({ kind: 'truncate', after: 0 }).out, '');
});

test('reset: before headers without `after`; after N events with it (never past the terminator)', (t) => {
  t.deepEqual(play({ kind: 'reset' }), { out: '', outcome: 'reset', delayMs: 0, delays: [] });
  t.deepEqual(play({ kind: 'reset', after: 3 }), { out: SSE.slice(0, 3).join(''), outcome: 'reset', delayMs: 0, delays: [] });
  t.deepEqual(play({ kind: 'reset', after: 9 }), { out: SSE.slice(0, 4).join(''), outcome: 'reset', delayMs: 0, delays: [] });
  // A stream fault needs a stream; reset before headers acts on anything (a miss, a JSON body).
  t.false(effect({ kind: 'reset', after: 1 }, { stream: undefined }).applies);
  t.true(effect({ kind: 'reset' }, { stream: undefined }).applies);
});

test('malformed: N events, then invalid JSON in the same framing (event name and line ends kept), then end', (t) => {
  t.deepEqual(play({ kind: 'malformed', after: 1 }), { out: `${SSE[0]}data: {"broken": \n\n`, outcome: 'complete', delayMs: 0, delays: [] });
  t.is(play({ kind: 'malformed', after: 1 }, NDJSON, { stream: 'ndjson', provider: 'ollama' }, isOllamaDone).out, `${NDJSON[0]}{"broken": \n`);
  const anthropic = ['event: message_start\ndata: {}\n\n', 'event: content_block_delta\ndata: {"x":1}\n\n'];
  t.is(play({ kind: 'malformed', after: 1, text: '{"cut' }, anthropic, { stream: 'sse', provider: 'anthropic' }).out, `${anthropic[0]}event: content_block_delta\ndata: {"cut\n\n`);
  const gemini = ['data: {"a":1}\r\n\r\n', 'data: {"a":2}\r\n\r\n'];
  t.is(play({ kind: 'malformed', after: 1 }, gemini, { stream: 'sse', provider: 'gemini', path: '/v1beta/models/g:streamGenerateContent' }).out, `${gemini[0]}data: {"broken": \r\n\r\n`);
});

test('stream_error: the provider’s own in-band error frame at event N, then end', (t) => {
  t.is(play({ kind: 'stream_error', after: 2 }).out, `${SSE[0]}${SSE[1]}data: {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}\n\n`);
  t.is(
    play({ kind: 'stream_error', after: 1 }, NDJSON, { stream: 'ndjson', provider: 'ollama', path: '/api/chat' }, isOllamaDone).out,
    `${NDJSON[0]}{"error":"an error was encountered while running the model"}\n`,
  );
  const anthropic = ['event: message_start\ndata: {}\n\n', 'event: message_stop\ndata: {"type":"message_stop"}\n\n'];
  const out = play({ kind: 'stream_error', after: 5 }, anthropic, { stream: 'sse', provider: 'anthropic', path: '/v1/messages' }, (f) => PROVIDERS.anthropic.isTerminator(Buffer.from(f), 'sse')).out;
  t.is(out, `${anthropic[0]}event: error\ndata: {"type":"error","error":{"details":null,"type":"overloaded_error","message":"Overloaded"}}\n\n`);
  t.regex(play({ kind: 'stream_error', after: 0, status: 429, message: 'slow down' }).out, /^data: \{"error":\{"message":"slow down","type":"requests"/);
});

test('stall: one pause before event N; slow_stream: a pause before every event, or a token pace', (t) => {
  const stall = play({ kind: 'stall', ms: 500, after: 2 });
  t.is(stall.out, SSE.join(''));
  t.deepEqual(stall.delays, [{ ms: 500, afterBytes: SSE[0]!.length + SSE[1]!.length }]);
  t.deepEqual(play({ kind: 'stall', ms: 50 }).delays, [{ ms: 50, afterBytes: 0 }]);
  const slow = play({ kind: 'slow_stream', delay_ms: 10 });
  t.is(slow.out, SSE.join(''));
  t.is(slow.delays.length, SSE.length);
  t.is(slow.delayMs, 10 * SSE.length);
  // 8 characters = 2 tokens at 4 tokens/s → 500 ms; events without text go out at once.
  const chat = ['data: {"choices":[{"delta":{"content":"abcdefgh"}}]}\n\n', 'data: {"choices":[{"delta":{}}]}\n\n', 'data: [DONE]\n\n'];
  t.deepEqual(play({ kind: 'slow_stream', tokens_per_second: 4 }, chat).delays, [{ ms: 500, afterBytes: 0 }]);
});

test('hang: before headers without `after`; after N events with it', (t) => {
  t.is(play({ kind: 'hang' }).outcome, 'hang');
  t.is(play({ kind: 'hang' }).out, '');
  t.deepEqual(play({ kind: 'hang', after: 2 }), { out: SSE.slice(0, 2).join(''), outcome: 'hang', delayMs: 0, delays: [] });
});

test('ping: Anthropic ping events, SSE comments elsewhere, never on NDJSON', (t) => {
  const anthropic = ['event: a\ndata: {}\n\n', 'event: b\ndata: {}\n\n'];
  t.is(play({ kind: 'ping' }, anthropic, { stream: 'sse', provider: 'anthropic' }).out, `event: ping\ndata: {"type": "ping"}\n\n${anthropic[0]}event: ping\ndata: {"type": "ping"}\n\n${anthropic[1]}`);
  t.is(play({ kind: 'ping', every: 2 }).out, `: ping\n\n${SSE[0]}${SSE[1]}: ping\n\n${SSE[2]}${SSE[3]}: ping\n\n${SSE[4]}`);
  t.false(effect({ kind: 'ping' }, { stream: 'ndjson', provider: 'ollama' }).applies);
});

test('latency: a delay before headers, then the response as it is', (t) => {
  const p = play({ kind: 'latency', ms: 250 });
  t.deepEqual(p.delays, [{ ms: 250, afterBytes: 0 }]);
  t.is(p.out, SSE.join(''));
  t.true(effect({ kind: 'latency', ms: 1 }, { stream: undefined }).applies);
});

test('status: the provider’s error body and content type; a 429 carries retry and rate-limit headers', (t) => {
  const openai = effect({ kind: 'status', status: 429 }, {}).effect!.response!;
  t.is(openai.status, 429);
  t.is(openai.headers['content-type'], 'application/json; charset=utf-8');
  t.is(openai.headers['retry-after'], '1');
  t.is(openai.headers['retry-after-ms'], '1000');
  t.is(openai.headers['x-ratelimit-remaining-requests'], '0');
  t.is(openai.headers['x-ratelimit-reset-requests'], '1s');
  t.like(JSON.parse(openai.body!.toString()), { error: { type: 'requests', code: 'rate_limit_exceeded', param: null } });
  t.true(openai.body!.toString().startsWith('{\n  "error"'));

  const anthropic = effect({ kind: 'status', preset: 'rate_limit', retry_after: 3 }, { provider: 'anthropic', path: '/v1/messages' }).effect!.response!;
  t.is(anthropic.headers['retry-after'], '3');
  t.is(anthropic.headers['retry-after-ms'], '3000');
  t.is(anthropic.headers['anthropic-ratelimit-requests-remaining'], '0');
  t.is(anthropic.headers['anthropic-ratelimit-requests-reset'], '2026-01-01T00:00:03Z');
  t.false('x-ratelimit-remaining-requests' in anthropic.headers);
  t.deepEqual(JSON.parse(anthropic.body!.toString()).error.type, 'rate_limit_error');

  const overloaded = effect({ kind: 'status', preset: 'overloaded' }, { provider: 'anthropic', path: '/v1/messages' }).effect!.response!;
  t.is(overloaded.status, 529);
  t.deepEqual(JSON.parse(overloaded.body!.toString()), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  t.is(effect({ kind: 'status', preset: 'overloaded' }, {}).effect!.response!.status, 503);

  const ollama = effect({ kind: 'status', preset: 'model_not_found' }, { provider: 'ollama', path: '/api/chat', json: { model: 'llama9' } }).effect!.response!;
  t.deepEqual(JSON.parse(ollama.body!.toString()), { error: "model 'llama9' not found" });

  const gemini = effect({ kind: 'status', status: 400, preset: 'invalid_api_key' }, { provider: 'gemini', path: '/v1beta/models/gemini-2.0-flash:streamGenerateContent' }).effect!.response!;
  t.is(gemini.headers['content-type'], 'text/event-stream');
  t.like(JSON.parse(gemini.body!.toString()), { error: { code: 400, status: 'INVALID_ARGUMENT' } });

  const plain = effect({ kind: 'status', status: 418, message: 'teapot', headers: { 'X-Extra': '1' } }, {}).effect!.response!;
  t.false('retry-after' in plain.headers);
  t.is(plain.headers['x-extra'], '1');
  t.is(JSON.parse(plain.body!.toString()).error.message, 'teapot');
  // Non-429 statuses carry retry headers only when asked.
  t.is(effect({ kind: 'status', status: 500, retry_after_ms: 5 }, {}).effect!.response!.headers['retry-after-ms'], '5');
});

test('non_json: an HTML gateway page; empty: empty lists on list endpoints, else an empty body', (t) => {
  const html = effect({ kind: 'non_json' }, {}).effect!.response!;
  t.is(html.status, 502);
  t.is(html.headers['content-type'], 'text/html');
  t.is(html.body!.toString(), gatewayPage(502));
  t.regex(gatewayPage(503), /<title>503 Service Unavailable<\/title>/);

  const list = (input: TargetInput) => effect({ kind: 'empty' }, input).effect!.response!.body!.toString();
  t.is(list({ method: 'GET', path: '/v1/models' }), '{"object":"list","data":[]}');
  t.is(list({ method: 'GET', path: '/api/tags', provider: 'ollama' }), '{"models":[]}');
  t.is(list({ method: 'GET', path: '/v1/models', provider: 'anthropic' }), '{"data":[],"has_more":false,"first_id":null,"last_id":null}');
  t.is(list({ method: 'GET', path: '/v1beta/models', provider: 'gemini' }), '{"models":[]}');
  const body = effect({ kind: 'empty' }, { json: { model: 'm', stream: true } }).effect!.response!;
  t.is(body.status, 200);
  t.is(body.body!.length, 0);
  t.is(body.headers['content-type'], 'text/event-stream; charset=utf-8');
});

test('labels: kind and scalar parameters in the order written, header-safe', (t) => {
  t.is(faultLabel({ kind: 'status', status: 429, retry_after_ms: 10 }), 'status;status=429;retry_after_ms=10');
  t.is(faultLabel({ kind: 'truncate', after: 3, when: { first: 1 }, times: 2 } as FaultSpec), 'truncate;after=3');
  t.is(faultLabel({ kind: 'status', status: 500, message: 'long text; with separators' }), 'status;status=500');
  t.is(faultLabel({ kind: 'malformed', text: 'x' }), 'malformed');
});
