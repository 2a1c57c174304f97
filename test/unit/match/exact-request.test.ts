/**
 * The exact-bytes fast path of matching must never change which interaction a request
 * matches: wherever it gives a key, that key is the one the full pipeline computes from
 * the same request; and where the pipeline does more than decode + key, it stays out.
 */
import test from 'ava';
import { encodeBody } from '../../../src/cassette/body-codec.js';
import type { Cassette, StoredRequest } from '../../../src/cassette/types.js';
import { liveSignature, storedSignature } from '../../../src/match/exact-request.js';
import { InteractionIndex } from '../../../src/match/interaction-index.js';
import { rememberSecrets, toStoredRequest, type IncomingRequestData } from '../../../src/match/normalize.js';
import { DEFAULT_KEY_OPTIONS, requestKey, type KeyOptions } from '../../../src/match/request-key.js';
import { Scrubber } from '../../../src/redact/scrubber.js';
import { indexCassette } from '../../../src/store/loaded-cassette.js';
import { interactionFromCapture } from '../../helpers/capture-cassette.js';
import { allCaptures, hasCapturedRequest } from '../../helpers/captures.js';

/** What the server does without the fast path: the whole pipeline. */
function pipelineKey(incoming: IncomingRequestData, scrubber: Scrubber, keyOptions: KeyOptions = DEFAULT_KEY_OPTIONS): string {
  return requestKey(toStoredRequest(incoming, scrubber, keyOptions.headers, 'match'), keyOptions);
}

/** What the server does with it: the key found by the request's signature, if any. */
function fastKey(index: InteractionIndex, incoming: IncomingRequestData, scrubber: Scrubber, keyOptions: KeyOptions = DEFAULT_KEY_OPTIONS): string | undefined {
  rememberSecrets(incoming, scrubber);
  const signature = liveSignature(incoming, scrubber, keyOptions);
  return signature === undefined ? undefined : index.keyOfSignature(signature);
}

function indexOf(requests: StoredRequest[], keyOptions: KeyOptions = DEFAULT_KEY_OPTIONS): InteractionIndex {
  const cassette: Cassette = { version: 1, interactions: requests.map((request) => ({ request, response: { status: 200, body: { text: 'ok' } } })) };
  return new InteractionIndex([indexCassette('c', 'c.json', cassette, keyOptions)]);
}

/** The bytes a client sends for a stored request: what the cassette holds. */
function replayOf(request: StoredRequest, headers: Record<string, string> = {}): IncomingRequestData {
  return { method: request.method, path: request.path, search: new URLSearchParams(), headers, body: encodeBody(request.body) };
}

test('every captured request: its exact bytes find the key the pipeline computes, unless it has a query or something to redact', (t) => {
  let fast = 0;
  for (const c of allCaptures().filter(hasCapturedRequest)) {
    const interaction = interactionFromCapture(c);
    const index = new InteractionIndex([indexCassette('c', 'c.json', { version: 1, interactions: [interaction] }, DEFAULT_KEY_OPTIONS)]);
    const incoming: IncomingRequestData = { method: c.request.method, path: c.request.path, search: c.request.search, headers: c.request.headers, body: c.request.body };
    const scrubber = new Scrubber();
    const key = fastKey(index, incoming, scrubber);
    if (key !== undefined) {
      t.is(key, pipelineKey(incoming, new Scrubber()), c.id);
      fast++;
    } else {
      const why = incoming.search.size > 0 || scrubber.mayChange(incoming.body) || scrubber.mayChangeText(incoming.path);
      t.true(why, `${c.id}: no query and nothing to redact, yet not found by its bytes`);
    }
  }
  t.true(fast >= 20, `${fast} captured requests take the fast path`);
});

test('stored forms: each is indexed by its bytes exactly where the pipeline gives its key from those bytes', (t) => {
  // [what, stored request, whether its replayed bytes take the fast path]
  const requests: Array<[string, StoredRequest, boolean]> = [
    ['compact JSON', { method: 'POST', path: '/v1/chat/completions', body: { json: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } } }, true],
    ['pretty JSON with a newline', { method: 'POST', path: '/api/chat', body: { json: { model: 'm', stream: false }, indent: 2, newline: true } }, true],
    ['JSON in an odd print style, stored as text', { method: 'POST', path: '/v1/x', body: { text: '{ "b": 1,   "a": [1, 2] }' } }, true],
    ['JSON after a space', { method: 'POST', path: '/v1/x', body: { text: ' {"a":1}' } }, true],
    ['plain text', { method: 'POST', path: '/v1/x', body: { text: 'hello' } }, true],
    ['binary', { method: 'POST', path: '/v1/audio', body: { base64: Buffer.from([0xff, 0x00, 0x81]).toString('base64') } }, true],
    ['base64 of UTF-8 JSON (hand-written)', { method: 'POST', path: '/v1/x', body: { base64: Buffer.from('{"a":1}').toString('base64') } }, true],
    ['base64 of UTF-8 text (hand-written)', { method: 'POST', path: '/v1/x', body: { base64: Buffer.from('héllo').toString('base64') } }, true],
    // Its bytes carry U+FFFD where the cassette says \ud800: the pipeline's key is another one, so no signature.
    ['a lone surrogate (hand-written)', { method: 'POST', path: '/v1/x', body: { text: 'bad \ud800 text' } }, false],
    ['lower-case method', { method: 'post', path: '/v1/x', body: { json: { a: 1 } } }, true],
    ['no body', { method: 'GET', path: '/v1/models' }, true],
  ];
  for (const keyOptions of [DEFAULT_KEY_OPTIONS, { ignore: ['/a'], headers: [] }]) {
    // One request per index: another entry with the same bytes would answer for it.
    for (const [what, request, fast] of requests) {
      const index = indexOf([request], keyOptions);
      const incoming = replayOf(request);
      const key = fastKey(index, incoming, new Scrubber(), keyOptions);
      if (!fast) {
        t.is(key, undefined, what);
        t.not(pipelineKey(incoming, new Scrubber(), keyOptions), requestKey(request, keyOptions), `${what}: the pipeline gives another key`);
        continue;
      }
      t.is(key, pipelineKey(incoming, new Scrubber(), keyOptions), what);
      t.is(key, requestKey(request, keyOptions), `${what}: the entry's own key`);
    }
  }
});

test('the same JSON in another key order or spacing is not found by its bytes: the pipeline matches it', (t) => {
  const request: StoredRequest = { method: 'POST', path: '/v1/chat/completions', body: { json: { model: 'm', messages: [] } } };
  const index = indexOf([request]);
  for (const text of ['{"messages":[],"model":"m"}', '{"model": "m", "messages": []}']) {
    const incoming: IncomingRequestData = { ...replayOf(request), body: Buffer.from(text) };
    t.is(fastKey(index, incoming, new Scrubber()), undefined);
    t.is(pipelineKey(incoming, new Scrubber()), requestKey(request, DEFAULT_KEY_OPTIONS));
  }
});

test('no fast path where the pipeline does more than decode + key', (t) => {
  const body = { json: { model: 'm', note: 'tenant-credential-0001' } };
  const plain: StoredRequest = { method: 'POST', path: '/v1/x', body };
  const index = indexOf([plain]);
  t.not(fastKey(index, replayOf(plain), new Scrubber()), undefined, 'the baseline takes it');

  // A secret this request sends in a header, echoed in its body: the pipeline redacts it.
  t.is(fastKey(index, replayOf(plain, { authorization: 'Bearer tenant-credential-0001' }), new Scrubber()), undefined);
  // A secret shape, or a JSON escape that could spell one.
  t.is(liveSignature({ ...replayOf(plain), body: Buffer.from('{"k":"sk-proj-abcdefghijklmnopqrstuvwx"}') }, new Scrubber(), DEFAULT_KEY_OPTIONS), undefined);
  t.is(liveSignature({ ...replayOf(plain), body: Buffer.from('{"k":"\\u0073k"}') }, new Scrubber(), DEFAULT_KEY_OPTIONS), undefined);
  // A seen secret in the path.
  const seen = new Scrubber();
  seen.remember('path-secret-12345678');
  t.is(liveSignature({ ...replayOf(plain), path: '/v1/path-secret-12345678' }, seen, DEFAULT_KEY_OPTIONS), undefined);
  // User redaction rules may depend on where a value starts and ends.
  t.is(liveSignature(replayOf(plain), new Scrubber([/^m$/]), DEFAULT_KEY_OPTIONS), undefined);
  t.is(liveSignature(replayOf(plain), new Scrubber([], { pointers: ['/model'] }), DEFAULT_KEY_OPTIONS), undefined);
  // A query (normalized: sorted, secret and control parameters out), key headers, multipart.
  t.is(liveSignature({ ...replayOf(plain), search: new URLSearchParams('alt=sse') }, new Scrubber(), DEFAULT_KEY_OPTIONS), undefined);
  t.is(liveSignature(replayOf(plain), new Scrubber(), { ignore: [], headers: ['x-tenant'] }), undefined);
  t.is(liveSignature(replayOf(plain, { 'content-type': 'multipart/form-data; boundary=x' }), new Scrubber(), DEFAULT_KEY_OPTIONS), undefined);

  // And no stored request is indexed by its bytes where a live one could not use it.
  const key = requestKey(plain, DEFAULT_KEY_OPTIONS);
  t.is(storedSignature({ ...plain, query: { alt: 'sse' } }, requestKey({ ...plain, query: { alt: 'sse' } }, DEFAULT_KEY_OPTIONS), DEFAULT_KEY_OPTIONS), undefined);
  t.is(storedSignature({ ...plain, headers: { 'Content-Type': 'multipart/form-data; boundary=mockllm-boundary' } }, key, DEFAULT_KEY_OPTIONS), undefined);
  t.is(storedSignature(plain, key, { ignore: [], headers: ['x-tenant'] }), undefined);
  // A hand-written secret shape: the pipeline would redact it, so the bytes give another key.
  const shaped: StoredRequest = { method: 'POST', path: '/v1/x', body: { json: { k: 'sk-proj-abcdefghijklmnopqrstuvwx' } } };
  t.is(storedSignature(shaped, requestKey(shaped, DEFAULT_KEY_OPTIONS), DEFAULT_KEY_OPTIONS), undefined);
});
