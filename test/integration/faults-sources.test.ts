/**
 * Where faults come from: the x-mockllm-fault header, the fail/delay/fail_chunk query, the
 * runtime API (/_mockllm/faults and handle.faults), API-key scenarios and --overlay files —
 * each triggers; exactly one applies, by precedence; bad specs answer 400 and bad files stop
 * the start with the file and JSON pointer named.
 */
import test from 'ava';
import { ErrorCodes, MockllmError } from '../../src/errors.js';
import { startReplay } from '../../src/api/start-server.js';
import { createLogger } from '../../src/util/logger.js';
import { OPENAI_BODY, OPENAI_STREAM_BODY, cassetteDir, send, startFaultServer, tempFile } from '../helpers/fault-fixtures.js';

const chat = (h: { url: string }, headers: Record<string, string> = {}, query = '') => send(h.url, { path: `/v1/chat/completions${query}`, body: OPENAI_BODY, headers });
const json = (r: { body: Buffer }) => JSON.parse(r.body.toString('utf8')) as Record<string, any>;

async function admin(h: { url: string }, method: string, path = '', body?: unknown) {
  const r = await send(h.url, { method, path: `/_mockllm/faults${path}`, ...(body !== undefined ? { body } : {}) });
  return { status: r.status, json: json(r) };
}

test('header: a spec or a preset name applies to that request only', async (t) => {
  const h = await startFaultServer(t);
  const r = await chat(h, { 'x-mockllm-fault': 'kind=status;status=429;retry_after=2' });
  t.is(r.status, 429);
  t.is(r.headers['retry-after'], '2');
  t.is(r.headers['x-mockllm-fault'], 'status;status=429;retry_after=2');
  t.is((await chat(h, { 'x-mockllm-fault': 'overloaded' })).status, 503);
  t.is((await chat(h)).status, 200);
  t.deepEqual(h.stats().faults, { header: 2 });
});

test('header and query: an invalid spec answers 400 naming the problem (provider-shaped, never retried)', async (t) => {
  const h = await startFaultServer(t);
  const bad = await chat(h, { 'x-mockllm-fault': 'kind=status;status=abc' });
  t.is(bad.status, 400);
  t.is(bad.headers['x-should-retry'], 'false');
  t.is(json(bad).error.message, 'mockllm: invalid x-mockllm-fault header "kind=status;status=abc": /status: expected integer');
  const unknown = await chat(h, { 'x-mockllm-fault': 'explode' });
  t.regex(json(unknown).error.message, /unknown fault "explode"; use an HTTP status \(e\.g\. 429, 500\), a preset \(.*rate_limit.*\) or a kind \(status, latency/);
  const q = await chat(h, {}, '?fail=sometimes');
  t.is(q.status, 400);
  t.regex(json(q).error.message, /invalid query parameter fail=sometimes/);
  t.is((await chat(h, {}, '?delay=soon')).status, 400);
});

test('query: fail=429|500|timeout, delay=MS and fail_chunk=N, stripped before matching', async (t) => {
  const h = await startFaultServer(t);
  const r429 = await chat(h, {}, '?fail=429');
  t.is(r429.status, 429);
  t.is(json(r429).error.code, 'rate_limit_exceeded');
  t.is((await chat(h, {}, '?fail=500')).status, 500);
  const started = performance.now();
  const slow = await chat(h, {}, '?delay=120');
  t.is(slow.status, 200, 'the request still matches its recording (delay is not part of the key)');
  t.true(performance.now() - started >= 115);
  t.is(slow.headers['x-mockllm-fault'], 'latency;ms=120');
  const both = await chat(h, {}, '?delay=10&fail=503');
  t.is(both.status, 503);
  t.is(both.headers['x-mockllm-fault'], 'latency;ms=10 + status;status=503');
  // fail_chunk applies to streams only; a JSON response is untouched.
  t.is((await chat(h, {}, '?fail_chunk=2')).headers['x-mockllm-fault'], undefined);
  const streamed = await send(h.url, { path: '/v1/chat/completions?fail_chunk=2', body: OPENAI_STREAM_BODY });
  t.is(streamed.headers['x-mockllm-fault'], 'malformed;after=1');
  t.true(streamed.body.toString().endsWith('data: {"broken": \n\n'));
  // fail=timeout never answers: the client gives up.
  await t.throwsAsync(fetch(`${h.url}/v1/chat/completions?fail=timeout`, { method: 'POST', body: JSON.stringify(OPENAI_BODY), signal: AbortSignal.timeout(150) }), { any: true, name: 'TimeoutError' });
});

test('runtime: POST arms (with times), GET lists, DELETE /<id> and DELETE clear; the server counts runtime#<id>', async (t) => {
  const h = await startFaultServer(t);
  const armed = await admin(h, 'POST', '', { kind: 'status', status: 503, times: 1 });
  t.is(armed.status, 201);
  t.like(armed.json, { id: '1', source: 'runtime#1', fault: { kind: 'status', status: 503, times: 1 } });
  t.like((await admin(h, 'GET')).json.runtime, [{ id: '1', remaining: 1, fired: 0 }]);
  t.is((await chat(h)).status, 503, 'the next request fails');
  t.is((await chat(h)).status, 200, '…and only that one');
  t.deepEqual((await admin(h, 'GET')).json.runtime, [], 'spent rules are removed');

  const many = await admin(h, 'POST', '', [{ kind: 'status', status: 500, when: { path: '/v1/models' } }, { kind: 'latency', ms: 1 }]);
  t.deepEqual(many.json.faults.map((f: { id: string }) => f.id), ['2', '3']);
  t.like(await admin(h, 'GET', '/2'), { status: 200, json: { id: '2', source: 'runtime#2 (path /v1/models)' } });
  t.like(await admin(h, 'DELETE', '/2'), { status: 200, json: { deleted: '2' } });
  t.is((await admin(h, 'DELETE', '/2')).status, 404);
  t.like(await admin(h, 'DELETE'), { status: 200, json: { cleared: 1 } });
  t.is((await chat(h)).headers['x-mockllm-fault'], undefined);

  const invalid = await admin(h, 'POST', '', [{ kind: 'latency' }, { kind: 'status', status: 99 }]);
  t.is(invalid.status, 400);
  t.deepEqual(invalid.json.details, ['request body: /0: missing required field "ms"', 'request body: /1/status: expected a number >= 100']);
  t.is((await admin(h, 'POST', '', 'not json')).status, 400);
  t.is((await admin(h, 'PUT')).status, 405);

  const status = json(await send(h.url, { path: '/_mockllm/status' }));
  t.deepEqual(status.faults, { 'runtime#1': 1 });
});

test('handle.faults: arm(fault, times) and clear() share the store of /_mockllm/faults', async (t) => {
  const h = await startFaultServer(t);
  const id = h.faults.arm({ kind: 'status', preset: 'rate_limit', when: { path: '/v1/chat/completions' } }, 2);
  t.is(id, '1');
  t.like((await admin(h, 'GET')).json.runtime, [{ id: '1', remaining: 2 }]);
  t.is((await chat(h)).status, 429);
  t.is((await chat(h)).status, 429);
  t.is((await chat(h)).status, 200);
  h.faults.arm({ kind: 'status', status: 500 });
  t.is((await chat(h)).status, 500);
  h.faults.clear();
  t.is((await chat(h)).status, 200);
  const e = t.throws(() => h.faults.arm({ kind: 'status', status: 1000 }), { instanceOf: MockllmError });
  t.is(e.code, ErrorCodes.INVALID_FAULT);
  t.deepEqual(e.details, ['fault: /status: expected a number <= 599']);
});

test('API-key scenarios: bearer token, x-api-key, x-goog-api-key, api-key and ?key=', async (t) => {
  const h = await startFaultServer(t);
  const auth = await chat(h, { authorization: 'Bearer AUTH_FAILURE_OPENAI' });
  t.is(auth.status, 401);
  t.like(json(auth), { error: { code: 'invalid_api_key', type: 'invalid_request_error' } });
  t.is(auth.headers['x-mockllm-fault'], 'status;preset=invalid_api_key;status=401');
  t.is((await chat(h, { 'x-api-key': 'RATE_LIMIT_COMPLETION' })).status, 429);
  t.is((await chat(h, { 'x-goog-api-key': 'NON_JSON_ERROR' })).headers['content-type'], 'text/html');
  t.is((await chat(h, { 'api-key': 'SERVER_ERROR' })).status, 500);
  t.is((await chat(h, {}, '?key=OVERLOADED')).status, 503);
  // RATE_LIMIT_LIST_MODELS only limits listing; completions go through.
  t.is((await chat(h, { authorization: 'Bearer RATE_LIMIT_LIST_MODELS' })).status, 200);
  const models = await send(h.url, { path: '/v1/models', headers: { authorization: 'Bearer RATE_LIMIT_LIST_MODELS' } });
  t.is(models.status, 429);
  const empty = await send(h.url, { path: '/v1/models', headers: { authorization: 'Bearer EMPTY_LIST' } });
  t.deepEqual(json(empty), { object: 'list', data: [] });
  // An ordinary key is just a key.
  t.is((await chat(h, { authorization: 'Bearer sk-real-looking' })).status, 200);
  t.like(h.stats().faults, { 'api-key AUTH_FAILURE_OPENAI': 1, 'api-key RATE_LIMIT_COMPLETION': 1, 'api-key RATE_LIMIT_LIST_MODELS': 1, 'api-key EMPTY_LIST': 1 });
});

test('--overlay files: rules in order, file scenarios, and the source in log and status', async (t) => {
  const lines: string[] = [];
  const file = tempFile(
    t,
    'storm.json',
    JSON.stringify({
      faults: [
        { kind: 'status', status: 503, when: { path: '/v1/models' } },
        { kind: 'status', status: 502, when: { every: 2, path: '/v1/chat/completions' } },
      ],
      scenarios: { FLAKY_KEY: { kind: 'status', status: 500, when: { first: 1 } } },
    }),
  );
  const h = await startFaultServer(t, { overlay: [file], logger: createLogger('info', { write: (l) => lines.push(l) }) });
  t.is((await send(h.url, { path: '/v1/models' })).status, 503);
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await chat(h)).status);
  t.deepEqual(statuses, [200, 502, 200, 502]);
  t.is((await chat(h, { authorization: 'Bearer FLAKY_KEY' })).status, 500);
  t.is((await chat(h, { authorization: 'Bearer FLAKY_KEY' })).status, 200, 'first 1, then normal');
  t.deepEqual(h.stats().faults, {
    [`overlay ${file}#0 (path /v1/models)`]: 1,
    [`overlay ${file}#1 (path /v1/chat/completions, every 2)`]: 2,
    'api-key FLAKY_KEY': 1,
  });
  t.true(lines.some((l) => l.includes(`fault=status;status=502 (overlay ${file}#1 (path /v1/chat/completions, every 2))`)), lines.join('\n'));
  const listing = (await admin(h, 'GET')).json;
  t.deepEqual(listing.overlays.map((o: { fired: number }) => o.fired), [1, 2]);
});

test('precedence: header > query > runtime > API key > file, exactly one fault per request', async (t) => {
  const file = tempFile(t, 'all.json', JSON.stringify({ faults: [{ kind: 'status', status: 501 }] }));
  const h = await startFaultServer(t, { overlay: [file] });
  h.faults.arm({ kind: 'status', status: 502 });
  const everything = { 'x-mockllm-fault': 'kind=status;status=504', authorization: 'Bearer SERVER_ERROR' };
  const only = async (headers: Record<string, string>, query = '') => {
    const r = await chat(h, headers, query);
    return [r.status, r.headers['x-mockllm-fault']];
  };
  t.deepEqual(await only(everything, '?fail=503'), [504, 'status;status=504']);
  t.deepEqual(await only({ authorization: 'Bearer SERVER_ERROR' }, '?fail=503'), [503, 'status;status=503']);
  t.deepEqual(await only({ authorization: 'Bearer SERVER_ERROR' }), [502, 'status;status=502']);
  h.faults.clear();
  t.deepEqual(await only({ authorization: 'Bearer SERVER_ERROR' }), [500, 'status;preset=server_error']);
  t.deepEqual(await only({}), [501, 'status;status=501']);
  // A source whose fault does not apply lets the next one try: truncate needs a stream.
  t.deepEqual(await only({ 'x-mockllm-fault': 'truncate;after=1' }), [501, 'status;status=501']);
  t.deepEqual(h.stats().faults, { header: 1, query: 1, 'runtime#1': 1, 'api-key SERVER_ERROR': 1, [`overlay ${file}#0`]: 2 });
});

test('a replay miss still takes status, latency and hang faults (no cassette needed)', async (t) => {
  const h = await startFaultServer(t, { cassettes: cassetteDir(t, {}) });
  const miss = await chat(h);
  t.is(miss.status, 404);
  t.is(miss.headers['x-mockllm-miss'], '1');
  const failed = await chat(h, { 'x-mockllm-fault': '429' });
  t.is(failed.status, 429);
  t.is(failed.headers['x-mockllm-miss'], undefined);
  const started = performance.now();
  const slow = await chat(h, { 'x-mockllm-fault': 'latency;ms=100' });
  t.is(slow.status, 404);
  t.true(performance.now() - started >= 95);
  t.is(slow.headers['x-mockllm-fault'], 'latency;ms=100');
  await t.throwsAsync(fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'x-mockllm-fault': 'hang' }, body: '{}', signal: AbortSignal.timeout(150) }), { any: true, name: 'TimeoutError' });
});

test('invalid overlay files stop the start with MOCKLLM_E_INVALID_FAULT naming file and JSON pointer', async (t) => {
  const bad = tempFile(t, 'bad.json', JSON.stringify({ faults: [{ kind: 'status', status: 429, when: { first: 0 } }, { kind: 'truncate', after: 'three' }] }));
  const e = await t.throwsAsync(startReplay({ cassettes: cassetteDir(t), overlay: [bad] }), { instanceOf: MockllmError });
  t.is(e.code, ErrorCodes.INVALID_FAULT);
  t.is(e.message, `invalid overlay file ${bad}: 2 problems; fix the lines below (schema: schemas/overlay.schema.json, docs/faults.md)`);
  t.deepEqual(e.details, [`${bad}: /faults/0/when/first: expected a number >= 1`, `${bad}: /faults/1/after: expected integer`]);
  const missing = await t.throwsAsync(startReplay({ cassettes: cassetteDir(t), overlay: ['/nonexistent/overlay.json'] }), { instanceOf: MockllmError });
  t.regex(missing.details[0]!, /^\/nonexistent\/overlay\.json: \/: cannot read overlay file: ENOENT/);
});

test('POST /_mockllm/faults/reload re-reads the files; a broken file keeps the previous overlays (422 with details)', async (t) => {
  const { writeFileSync } = await import('node:fs');
  const file = tempFile(t, 'live.json', JSON.stringify({ faults: [{ kind: 'status', status: 500 }] }));
  const h = await startFaultServer(t, { overlay: [file] });
  t.is((await chat(h)).status, 500);
  writeFileSync(file, JSON.stringify({ faults: [{ kind: 'status', status: 503 }] }));
  t.like(await admin(h, 'POST', '/reload'), { status: 200, json: { reloaded: true, rules: 1 } });
  t.is((await chat(h)).status, 503);
  writeFileSync(file, '{ "faults": [ { "kind": "status" } ] }');
  const failed = await admin(h, 'POST', '/reload');
  t.is(failed.status, 422);
  t.deepEqual(failed.json.details, [`${file}: /faults/0: needs "status" or "preset"`]);
  t.is((await chat(h)).status, 503, 'still the previous overlays');
});
