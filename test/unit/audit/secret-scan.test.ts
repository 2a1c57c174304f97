import test from 'ava';
import { bitsPerChar, highEntropyTokens } from '../../../src/audit/entropy.js';
import { auditCassette, auditRules } from '../../../src/audit/secret-scan.js';
import { allCaptures } from '../../helpers/captures.js';
import { cassetteFromCaptures } from '../../helpers/capture-cassette.js';

const KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

const planted = {
  version: 1,
  interactions: [
    {
      request: { method: 'POST', path: '/v1/x', query: { key: 'AIzaSyA1234567890abcdefghijklmnopqrstu', alt: 'sse' }, headers: { authorization: 'Bearer x' } },
      response: {
        status: 200,
        headers: { 'x-debug': 'token Zx9Qw3Er7Ty1Ui5Op2As8Df4Gh6Jk0LzXcVbNm', 'x-request-id': 'req_Zx9Qw3Er7Ty1Ui5Op2As8Df4Gh6Jk0LzXcVbNm' },
        stream: { framing: 'sse', events: [{ t: 1, data: { echo: KEY } }, { t: 2, raw: `data: ${KEY}\n\n` }, { t: 3, base64: Buffer.from(`x ${KEY}`).toString('base64') }] },
      },
    },
  ],
};

test('finds every planted secret with its pointer and kind', (t) => {
  const { findings } = auditCassette(planted, auditRules());
  t.deepEqual(
    findings.map((f) => `${f.pointer}: ${f.kind}`).sort(),
    [
      '/interactions/0/request/headers/authorization: secret-header',
      '/interactions/0/request/query/key: secret-query',
      '/interactions/0/response/headers/x-debug: high-entropy',
      '/interactions/0/response/stream/events/0/data/echo: openai-key',
      '/interactions/0/response/stream/events/1/raw: openai-key',
      '/interactions/0/response/stream/events/2/base64: openai-key',
    ].sort(),
  );
});

test('fix scrubs every finding without touching the input; a second scan is clean', (t) => {
  const before = JSON.stringify(planted);
  const { fixed } = auditCassette(planted, auditRules(), true);
  t.is(JSON.stringify(planted), before);
  t.deepEqual(auditCassette(fixed, auditRules()).findings, []);
  t.false(JSON.stringify(fixed).includes(KEY));
});

test('custom patterns and headers', (t) => {
  const c = { version: 1, interactions: [{ request: { method: 'GET', path: '/', headers: { 'x-tenant': 'a' } }, response: { status: 200, body: { text: 'acct-123456' } } }] };
  t.deepEqual(auditCassette(c, auditRules([/acct-\d+/], ['X-Tenant'])).findings.map((f) => f.kind).sort(), ['custom-1', 'secret-header']);
});

test('no false positives on cassettes built from every real capture', (t) => {
  t.deepEqual(auditCassette(JSON.parse(JSON.stringify(cassetteFromCaptures(allCaptures()))), auditRules()).findings, []);
});

test('entropy: hex ids and short ids are not credentials; long random tokens are', (t) => {
  t.true(bitsPerChar('0123456789abcdef') === 4);
  t.deepEqual(highEntropyTokens('req_b26fb13afe114fd0927c1cd35e436a79'), []);
  t.deepEqual(highEntropyTokens('00-a6b7312c2a80b1913687ca2d32887c95-0e79a5b0f6a2447d-01'), []);
  t.is(highEntropyTokens('Zx9Qw3Er7Ty1Ui5Op2As8Df4Gh6Jk0LzXcVbNm').length, 1);
});
