/**
 * Secrets never reach a cassette: keys sent in every place a client can put them, and
 * echoed back by the upstream in bodies, headers and stream events (JSON, text and raw
 * frames), are all gone from the written files — and replay still matches, even with
 * different keys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { startRecord, startReplay } from '../../src/index.js';
import { runAudit } from '../../src/cli/commands/audit.js';
import { startFakeUpstream, type FakeRoute } from '../helpers/fake-upstream.js';
import { closeLater, listFiles, rawRequest, recorded, tempDir, until } from './record-support.js';

const K = {
  openai: 'sk-proj-Q1w2E3r4T5y6U7i8O9p0AaSsDdFfGgHhJjKk',
  anthropic: 'sk-ant-api03-ZzXxCcVvBbNnMm1234567890qwerty',
  azure: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  google: 'AIzaSyD-1234567890abcdefghijklmnopqrstuv',
  cookie: 'session=c00kie-v4lue-0123456789',
  org: 'org-7h1s1s4n0rg4n1z4t10n',
  project: 'proj_9a8b7c6d5e4f3a2b1c0d',
  proxy: 'Basic cHJveHk6cGFzc3dvcmQxMjM0NQ==',
  queryKey: 'AIzaSyQ-0987654321zyxwvutsrqponmlkjihgf',
  apiKeyParam: 'apikeyparam-secret-value-123',
  accessToken: 'ya29.access-token-value-0123456789',
  token: 'plain-token-param-value-98765',
  tenant: 'tenant-header-secret-4242',
  account: 'acct-31415926',
  user: 'user-alice@example.com',
};

const OPTIONS = { redactHeader: ['x-tenant-token'], redactPattern: ['acct-[0-9]+'], redactPointer: ['/user', '/metadata/owner'] };

function keysOf(k: typeof K) {
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${k.openai}`,
    'x-api-key': k.anthropic,
    'api-key': k.azure,
    'x-goog-api-key': k.google,
    cookie: k.cookie,
    'openai-organization': k.org,
    'openai-project': k.project,
    'proxy-authorization': k.proxy,
    'x-tenant-token': k.tenant,
  };
  const query = `key=${encodeURIComponent(k.queryKey)}&api_key=${k.apiKeyParam}&access_token=${k.accessToken}&token=${k.token}&alt=sse`;
  const body = JSON.stringify({
    model: 'gpt-4o',
    user: k.user,
    stream: true,
    messages: [{ role: 'user', content: `my keys: ${k.openai} ${k.anthropic} ${k.google} ${k.tenant} ${k.account}` }],
    metadata: { owner: k.user, note: `azure ${k.azure}` },
  });
  return { headers, query, body };
}

function echoRoutes(): FakeRoute[] {
  const echo = `key ${K.openai} anthropic ${K.anthropic} google ${K.google} query ${K.queryKey} tenant ${K.tenant} ${K.account}`;
  const frames = [
    Buffer.from(`data: ${JSON.stringify({ echo, user: K.user })}\n\n`),
    Buffer.from(`data: {"echo":"${K.openai} ${K.token}"      }\n\n`), // padded: stored raw
    Buffer.from(`event: leak\ndata: ${K.accessToken} ${K.apiKeyParam}\n\n`), // text
    Buffer.from(`data: [DONE]\n\n`),
  ];
  return [
    {
      path: /^\/v1\/(keys\/.*\/)?chat\/completions$/,
      headers: {
        'content-type': 'text/event-stream',
        'set-cookie': [`__cf_bm=${K.cookie}`],
        'openai-organization': K.org,
        'openai-project': K.project,
        'anthropic-organization-id': 'b1a2c3d4-0000-1111-2222-333344445555',
        'x-echo-key': `Bearer ${K.openai}`,
        'x-tenant-token': K.tenant,
      },
      frames,
      match: (r: { body: Buffer }) => JSON.parse(r.body.toString()).stream === true,
    },
    {
      path: '/v1/chat/completions',
      status: 401,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: `${JSON.stringify({ error: { message: `Incorrect API key provided: sk-proj-Q1w2***************JjKk. Yours: ${K.openai}`, type: 'invalid_request_error' }, user: K.user }, null, 2)}\n`,
    },
  ];
}

test('keys in headers, query, path and body, echoed in bodies, headers and events, never reach the cassette; replay still matches', async (t) => {
  const dir = tempDir(t);
  const up = await startFakeUpstream({ routes: echoRoutes() });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir, ...OPTIONS }));
  const live = keysOf(K);
  const streamPath = `/c/secrets/v1/keys/${K.openai}/chat/completions?${live.query}`;
  const plainPath = `/c/secrets/v1/chat/completions?${live.query}`;
  const a = await rawRequest(rec.url, { path: streamPath, headers: live.headers, body: live.body });
  const b = await rawRequest(rec.url, { path: plainPath, headers: live.headers, body: live.body.replace('"stream":true', '"stream":false') });
  t.is(a.status, 200);
  t.is(b.status, 401);
  // The client gets everything the upstream sent; the upstream got the real keys.
  t.true(a.body.toString().includes(K.openai));
  t.is(up.requests[0]!.headers.authorization, `Bearer ${K.openai}`);
  t.is(up.requests[0]!.search.get('key'), K.queryKey);
  t.deepEqual(a.headers['set-cookie'], [`__cf_bm=${K.cookie}`]);
  await rec.close();

  const files = listFiles(dir);
  t.deepEqual(files, ['secrets.json']);
  const text = readFileSync(join(dir, 'secrets.json'), 'utf8');
  for (const [name, value] of Object.entries(K)) t.false(text.includes(value), `${name} leaked into the cassette`);
  t.false(text.includes('Q1w2***'), 'masked key echoed by the upstream');
  for (const h of ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie', 'openai-organization', 'openai-project', 'proxy-authorization', 'set-cookie', 'anthropic-organization-id', 'x-tenant-token'])
    t.false(new RegExp(`"${h}"`).test(text), `header ${h} stored`);
  const [stream] = recorded(dir, 'secrets');
  t.deepEqual(stream!.request.query, { access_token: 'REDACTED', alt: 'sse', api_key: 'REDACTED', key: 'REDACTED', token: 'REDACTED' });
  t.is(stream!.request.path, '/v1/keys/REDACTED/chat/completions');
  t.is((stream!.request.body as { json: { user: string } }).json.user, 'REDACTED');
  t.deepEqual(stream!.response.stream!.events.map((e) => Object.keys(e).find((k) => k !== 't' && k !== 'event')), ['data', 'raw', 'text', 'text']);
  t.is(await runAudit([dir], { patterns: [], headers: [], fix: false }, () => {}), 0, 'mockllm audit finds nothing');

  // Replay — with other keys, as CI would have — still matches both requests.
  const other = keysOf(Object.fromEntries(Object.entries(K).map(([k, v]) => [k, v.replace(/[0-9]/g, '7')])) as typeof K);
  const rp = closeLater(t, await startReplay({ cassettes: dir, ...OPTIONS }));
  const ra = await rawRequest(rp.url, { path: `/c/secrets/v1/keys/${other.headers.authorization.slice(7)}/chat/completions?${other.query}`, headers: other.headers, body: other.body });
  const rb = await rawRequest(rp.url, { path: `/c/secrets/v1/chat/completions?${other.query}`, headers: other.headers, body: other.body.replace('"stream":true', '"stream":false') });
  t.is(ra.headers['x-mockllm-miss'], undefined, ra.body.toString());
  t.is(rb.headers['x-mockllm-miss'], undefined, rb.body.toString());
  t.deepEqual([ra.status, rb.status], [200, 401]);
  t.is(rp.stats().misses, 0);
});

test('a secret first seen in a later request is scrubbed from interactions recorded before it', async (t) => {
  const dir = tempDir(t);
  const late = 'late-learned-secret-0123456789';
  const up = await startFakeUpstream({ routes: [{ path: '/v1/echo', headers: { 'content-type': 'application/json' }, body: `{"echo":"${late}"}` }] });
  t.teardown(() => up.close());
  const rec = closeLater(t, await startRecord({ upstream: up.url, cassettes: dir }));
  // The first request carries the value only in its body (nothing marks it secret yet)…
  await rawRequest(rec.url, { path: '/v1/echo', headers: { 'content-type': 'application/json' }, body: `{"note":"${late}"}` });
  await until(() => rec.stats().recorded === 1, 'the first write');
  t.true(readFileSync(join(dir, 'default.json'), 'utf8').includes(late), 'not known as a secret yet');
  // …the second sends it as its API key: the next write redacts the first one too.
  await rawRequest(rec.url, { path: '/v1/echo', headers: { 'content-type': 'application/json', authorization: `Bearer ${late}` }, body: '{"note":"second"}' });
  await rec.close();
  const text = readFileSync(join(dir, 'default.json'), 'utf8');
  t.false(text.includes(late));
  t.deepEqual(recorded(dir).map((i) => (i.request.body as { json: unknown }).json), [{ note: 'REDACTED' }, { note: 'second' }]);
});
