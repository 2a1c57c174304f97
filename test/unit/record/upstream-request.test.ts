import test from 'ava';
import { decodingFor } from '../../../src/upstream/content-decoding.js';
import { clientResponseHeaders, upstreamRequestHeaders } from '../../../src/upstream/forward-headers.js';
import { UpstreamError } from '../../../src/upstream/upstream-error.js';
import { upstreamOriginLabel, upstreamUrl } from '../../../src/upstream/upstream-url.js';

test('upstream URL joins the base path, keeps the forwarded query', (t) => {
  const q = new URLSearchParams('alt=sse&key=k');
  t.is(upstreamUrl(new URL('https://h.example/openai/'), '/v1/chat', q).href, 'https://h.example/openai/v1/chat?alt=sse&key=k');
  t.is(upstreamUrl(new URL('http://localhost:11434'), '/api/chat', new URLSearchParams()).href, 'http://localhost:11434/api/chat');
  // mockllm's own control parameters never reach the upstream; everything else does, in order.
  t.is(upstreamUrl(new URL('https://h.example'), '/v1beta/m:x', new URLSearchParams('fail=429&alt=sse&delay=5&key=k&fail_chunk=2')).href, 'https://h.example/v1beta/m:x?alt=sse&key=k');
  t.is(upstreamOriginLabel(new URL('https://user:pw@h.example:8443/base?key=secret')), 'https://h.example:8443');
});

test('request headers: hop-by-hop, connection-listed and x-mockllm-* dropped; host and accept-encoding set', (t) => {
  const out = upstreamRequestHeaders(
    {
      host: '127.0.0.1:11435',
      connection: 'keep-alive, x-hop',
      'x-hop': '1',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'content-length': '12',
      'accept-encoding': 'gzip, br',
      'x-mockllm-fault': 'reset',
      'x-mockllm-cassette': 'c',
      authorization: 'Bearer k',
      'content-type': 'application/json',
    },
    'api.example:443',
  );
  t.deepEqual(out, { authorization: 'Bearer k', 'content-type': 'application/json', host: 'api.example:443', 'accept-encoding': 'identity' });
});

test('response headers: hop-by-hop dropped; content-encoding and content-length only when decoded', (t) => {
  const up = { 'content-type': 'a', 'content-encoding': 'gzip', 'content-length': '10', connection: 'close', 'set-cookie': ['x=1', 'y=2'] };
  t.deepEqual(clientResponseHeaders(up, true), { 'content-type': 'a', 'set-cookie': ['x=1', 'y=2'] });
  t.deepEqual(clientResponseHeaders(up, false), { 'content-type': 'a', 'content-encoding': 'gzip', 'content-length': '10', 'set-cookie': ['x=1', 'y=2'] });
});

test('content decoding: gzip/br/deflate decoded, identity none, unknown passed through', (t) => {
  t.is(decodingFor(undefined).kind, 'none');
  t.is(decodingFor('identity').kind, 'none');
  const d = decodingFor('gzip, br');
  t.is(d.kind, 'decode');
  if (d.kind === 'decode') t.is(d.create().length, 2);
  t.deepEqual(decodingFor('zstd'), { kind: 'unsupported', encoding: 'zstd' });
});

test('upstream errors: timeouts are 504, the rest 502, with the cause code', (t) => {
  const refused = new UpstreamError('http://x', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 10);
  t.is(refused.status, 502);
  t.is(refused.reason, 'ECONNREFUSED');
  t.is(refused.code, 'MOCKLLM_E_UPSTREAM');
  const slow = new UpstreamError('http://x', Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 10);
  t.is(slow.status, 504);
  t.is(slow.code, 'MOCKLLM_E_UPSTREAM_TIMEOUT');
  t.regex(slow.message, /--upstream-timeout-ms/);
});
