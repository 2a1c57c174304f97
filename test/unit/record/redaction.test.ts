import test from 'ava';
import { toStoredRequest } from '../../../src/match/normalize.js';
import { requestKey } from '../../../src/match/request-key.js';
import { redactAtPointer } from '../../../src/redact/pointer-redactor.js';
import { Scrubber } from '../../../src/redact/scrubber.js';
import { redactResponse } from '../../../src/record/stored-redaction.js';

test('redactAtPointer replaces values (with * wildcards) and returns the same object when nothing matched', (t) => {
  const v = { user: 'u1', messages: [{ content: 'a', name: 'x' }, { content: 'b' }] };
  t.deepEqual(redactAtPointer(v, '/user'), { ...v, user: 'REDACTED' });
  t.deepEqual(redactAtPointer(v, '/messages/*/content'), { user: 'u1', messages: [{ content: 'REDACTED', name: 'x' }, { content: 'REDACTED' }] });
  t.is(redactAtPointer(v, '/nope/deeper'), v);
  t.is(redactAtPointer(v, '/messages/5'), v);
});

test('--redact-pointer applies to stored requests the same way for recording and for matching', (t) => {
  const make = (user: string, body: string) =>
    toStoredRequest(
      { method: 'POST', path: '/v1/chat/completions', search: new URLSearchParams(), headers: { 'content-type': 'application/json' }, body: Buffer.from(body) },
      new Scrubber([], { pointers: ['/user'] }),
    );
  const a = make('alice', '{"model":"m","user":"alice"}');
  const b = make('bob', '{"user": "bob", "model": "m"}'); // text-stored print style: still redacted
  t.deepEqual(a.body, { json: { model: 'm', user: 'REDACTED' } });
  t.is(requestKey(a), requestKey(b));
});

test('--redact-header: never stored, its value remembered and scrubbed', (t) => {
  const scrubber = new Scrubber([], { headers: ['X-Tenant-Token'] });
  const stored = toStoredRequest(
    { method: 'POST', path: '/p', search: new URLSearchParams(), headers: { 'x-tenant-token': 'tenant-secret-123456' }, body: Buffer.from('{"echo":"tenant-secret-123456"}') },
    scrubber,
    ['x-tenant-token'],
  );
  t.is(stored.headers, undefined);
  t.deepEqual(stored.body, { json: { echo: 'REDACTED' } });
});

test('binary bodies and frames are scrubbed byte for byte', (t) => {
  const scrubber = new Scrubber();
  scrubber.remember('Bearer my-secret-token-123');
  const bin = Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from('key=my-secret-token-123'), Buffer.from([0xfe])]);
  const out = redactResponse(
    { status: 200, body: { base64: bin.toString('base64') }, stream: undefined },
    scrubber,
  );
  t.deepEqual(Buffer.from((out.body as { base64: string }).base64, 'base64'), Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from('key=REDACTED'), Buffer.from([0xfe])]));
  t.is(scrubber.generation, 1);
});

test('mayChange: the one-pass check on raw bytes never says "clean" when scrubbing would change a value', (t) => {
  const scrubber = new Scrubber();
  const clean = Buffer.from('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi\\nthere"}]}');
  t.false(scrubber.mayChange(clean));
  t.true(scrubber.mayChange(Buffer.from('{"k":"sk-proj-abcdefghijklmnopqrstuvwx"}')));
  // A JSON escape can spell a secret's letters another way: such a body always gets the full pass.
  const escaped = Buffer.from('{"k":"\\u0073k-proj-abcdefghijklmnopqrstuvwx"}');
  t.true(scrubber.mayChange(escaped));
  t.deepEqual(scrubber.scrubJson(JSON.parse(escaped.toString())), { k: 'REDACTED' });
  // A secret seen in a request header is looked for too.
  scrubber.remember('Bearer tenant-credential-0001');
  t.true(scrubber.mayChange(Buffer.from('{"echo":"tenant-credential-0001"}')));
  // User patterns and pointers may be anchored to a value's bounds: always the full pass.
  t.true(new Scrubber([/^internal-\d+$/]).mayChange(clean));
  t.true(new Scrubber([], { pointers: ['/user'] }).mayChange(clean));
});

test('mayChange: a seen secret is found in raw bytes however JSON or UTF-8 spells it, and only there', (t) => {
  // Each secret is echoed in a JSON body; its raw bytes do not hold it verbatim, the parsed value does.
  const cases: Array<[string, string]> = [
    ['tenant-"quoted"-credential', JSON.stringify({ echo: 'tenant-"quoted"-credential' })],
    ['tenant\\back\\slash-credential', JSON.stringify({ echo: 'tenant\\back\\slash-credential' })],
    ['tenant-crédential-0001', JSON.stringify({ echo: 'tenant-crédential-0001' })],
  ];
  for (const [secret, body] of cases) {
    const scrubber = new Scrubber();
    scrubber.remember(secret);
    const raw = Buffer.from(body, 'utf8');
    t.true(scrubber.mayChange(raw), `mayChange for ${JSON.stringify(secret)}`);
    const stored = toStoredRequest({ method: 'POST', path: '/p', search: new URLSearchParams(), headers: {}, body: raw }, scrubber);
    t.deepEqual(stored.body, { json: { echo: 'REDACTED' } }, `stored body for ${JSON.stringify(secret)}`);
    const response = redactResponse({ status: 200, body: { text: body }, stream: undefined }, scrubber);
    t.false(JSON.stringify(response).includes(JSON.stringify(secret).slice(1, -1)), `response body for ${JSON.stringify(secret)}`);
    // A body without it still skips the per-value pass.
    t.false(scrubber.mayChange(Buffer.from('{"echo":"nothing here"}')), `clean body, ${JSON.stringify(secret)} seen`);
  }
  const plain = new Scrubber();
  plain.remember('tenant-credential-0001');
  t.false(plain.mayChange(Buffer.from('{"echo":"nothing here"}')));
});

test('replayed requests are decoded for matching only: same key as the stored form', (t) => {
  const scrubber = new Scrubber();
  for (const body of ['{"model":"m","messages":[]}', '{\n  "model": "m",\n  "messages": []\n}\n', '{"b":1,  "a":[1,2]}', '[1,2]', 'plain text', '']) {
    const req = { method: 'POST', path: '/v1/x', search: new URLSearchParams(), headers: {}, body: Buffer.from(body) };
    const stored = toStoredRequest(req, scrubber, [], 'store');
    const matched = toStoredRequest(req, scrubber, [], 'match');
    t.is(requestKey(matched), requestKey(stored), body);
  }
});
