/**
 * `mockllm import` as a user runs it: redaction by the recorder's rules (nothing secret
 * on disk, `audit` clean), determinism per format, `--merge` / `--replace`, `--all`.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { serializeCassette } from '../../src/cassette/serializer.js';
import type { Cassette, RecordedInteraction } from '../../src/cassette/types.js';
import { requestKey } from '../../src/match/request-key.js';
import { loadCapture } from '../helpers/captures.js';
import { interactionFromCapture } from '../helpers/capture-cassette.js';
import { runCli } from '../helpers/cli.js';
import { harEntry, harFileText, harLog } from '../helpers/har-writer.js';
import { CLI_TIMEOUT, importWorkspace } from '../helpers/import-fixture.js';
import { collection, exampleFromCapture, requestItem } from '../helpers/postman-writer.js';
import { vcrCassetteText } from '../helpers/vcr-writer.js';

const chat = loadCapture('openai/chat-nonstream');
const stream = loadCapture('openai/chat-stream');
const gemini = loadCapture('gemini/stream-sse');
const anthropic = loadCapture('anthropic/messages-stream');

function allFilesText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

test.serial('redaction: authorization headers, secret query values and a key echoed in a body never reach the disk; audit is clean', async (t) => {
  const ws = importWorkspace(t);
  // A gateway token with no known shape (caught because it was seen in a header), and
  // keys with known shapes (caught by shape wherever they are).
  const gatewayToken = 'corp-gateway-7Hq2LxZ9vR4mN8pW3kT6';
  const openaiKey = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789';
  const googleKey = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY';
  const anthropicKey = 'sk-ant-api03-Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Jj0';
  const echo = JSON.parse(chat.body.toString('utf8'));
  echo.choices[0].message.content = `Your token is ${gatewayToken}; the other one was ${openaiKey}.`;
  const entries = [
    // The echo comes first: the token that it leaks is only sent in a later entry's header.
    harEntry(chat, 0, { responseText: JSON.stringify(echo) }),
    harEntry(stream, 1, { requestHeaders: [{ name: 'Authorization', value: `Bearer ${gatewayToken}` }, { name: 'Cookie', value: `session=${gatewayToken}` }] }),
    harEntry(anthropic, 2, { requestHeaders: [{ name: 'x-api-key', value: anthropicKey }] }),
    { ...harEntry(gemini, 3), request: { ...harEntry(gemini, 3).request, url: `${gemini.meta.request.origin}${gemini.meta.request.path}&key=${googleKey}` } },
  ];
  const r = await ws.run('har', [ws.input('leaky.har', JSON.stringify(harLog(entries), null, 2))], 'clean');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /imported 4/);
  const onDisk = allFilesText(ws.cassettes);
  for (const secret of [gatewayToken, openaiKey, googleKey, anthropicKey]) t.false(onDisk.includes(secret), `${secret.slice(0, 8)}… is not on disk`);
  t.regex(onDisk, /Your token is REDACTED; the other one was REDACTED\./);
  const cassette = JSON.parse(onDisk) as Cassette;
  const geminiRequest = (cassette.interactions[3] as RecordedInteraction).request;
  t.deepEqual(geminiRequest.query, { alt: 'sse', key: 'REDACTED' });
  for (const i of cassette.interactions as RecordedInteraction[]) {
    t.is(i.request.headers?.authorization, undefined);
    t.is(i.request.headers?.['x-api-key'], undefined);
    t.is(i.request.headers?.cookie, undefined);
  }
  const audit = await runCli(['audit', ws.cassettes], CLI_TIMEOUT);
  t.is(audit.code, 0, audit.stdout);
});

test.serial('the same rules as recording: --redact-header and --redact-pointer apply to imports', async (t) => {
  const ws = importWorkspace(t);
  const tenant = 'tenant-3f9a8c7b6d5e4f3a2b1c';
  const r = await ws.run('har', [ws.input('s.har', JSON.stringify(harLog([harEntry(chat, 0, { requestHeaders: [{ name: 'X-Tenant-Secret', value: tenant }] })])))], 'c', [
    '--redact-header',
    'x-tenant-secret',
    '--redact-pointer',
    '/model',
  ]);
  t.is(r.code, 0, r.stderr);
  const i = ws.cassette('c').interactions[0] as RecordedInteraction;
  t.deepEqual((i.request.body as { json: { model: string } }).json.model, 'REDACTED');
  t.false(ws.cassetteText('c').includes(tenant));
});

for (const [format, name, text] of [
  ['har', 'd.har', harFileText([chat, stream, gemini])],
  ['vcr', 'd.yaml', vcrCassetteText([chat, stream, gemini])],
  ['postman', 'd.json', JSON.stringify(collection('d', [requestItem({ name: 'chat', method: 'POST', path: '/v1/chat/completions', examples: [exampleFromCapture(chat), exampleFromCapture(stream)] })], {}))],
] as const) {
  test.serial(`determinism (${format}): two imports into fresh cassettes give identical bytes; a third into the same one changes nothing`, async (t) => {
    const ws = importWorkspace(t);
    const file = ws.input(name, text);
    t.is((await ws.run(format, [file], 'one')).code, 0);
    t.is((await ws.run(format, [file], 'two')).code, 0);
    t.is(ws.cassetteText('one'), ws.cassetteText('two'));
    t.is(ws.cassette('one').meta?.created, undefined, 'no clock in the output');
    const third = await ws.run(format, [file], 'one');
    t.regex(third.stdout, /unchanged/);
    t.is(ws.cassetteText('one'), ws.cassetteText('two'));
  });
}

test.serial('--merge replaces a recording with the same key in place and keeps everything else', async (t) => {
  const ws = importWorkspace(t);
  mkdirSync(ws.cassettes, { recursive: true });
  const recorded = { ...interactionFromCapture(chat), id: 'recorded-joke', note: 'recorded by mockllm record' };
  const other = { ...interactionFromCapture(gemini), id: 'recorded-gemini' };
  const handWritten = { id: 'hw', match: { path: '/v1/chat/completions' }, reply: { text: 'hi' } };
  writeFileSync(join(ws.cassettes, 'mixed.json'), serializeCassette({ version: 1, interactions: [other, recorded, handWritten] }));
  const r = await ws.run('har', [ws.input('s.har', harFileText([chat, stream]))], 'mixed');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /imported 2 interaction\(s\) into .*mixed\.json, replacing 1/);
  const ids = ws.cassette('mixed').interactions.map((i) => i.id);
  t.deepEqual(ids, ['recorded-gemini', `har:s.har#${recorded.key!.slice(0, 12)}`, `har:s.har#${interactionFromCapture(stream).key!.slice(0, 12)}`, 'hw'], 'the imported block sits where the replaced recording was');
  t.is((ws.cassette('mixed').interactions[1] as RecordedInteraction).key, recorded.key);
});

test.serial('--replace drops what an earlier import of the file brought; --merge keeps it', async (t) => {
  const ws = importWorkspace(t);
  const file = ws.input('s.har', harFileText([chat, stream, gemini]));
  t.is((await ws.run('har', [file], 'c')).code, 0);
  // The capture file is edited: the stream entry goes, the Gemini one moves up.
  writeFileSync(file, harFileText([chat, gemini]));
  t.is((await ws.run('har', [file], 'c')).code, 0);
  const keyOf = (c: typeof chat) => requestKey(interactionFromCapture(c).request);
  const merged = ws.cassette('c').interactions as RecordedInteraction[];
  t.deepEqual(merged.map((i) => i.key), [keyOf(chat), keyOf(gemini), keyOf(stream)], 'merge: the file\'s interactions replaced by key, the one it no longer has kept');
  t.true(merged.every((i) => i.id === `har:s.har#${i.key!.slice(0, 12)}`));
  t.regex(merged[1]!.note!, /^HAR entry 1: POST https:\/\/generativelanguage\.googleapis\.com\/v1beta\/models\//);
  t.is((await ws.run('har', [file], 'c', ['--replace'])).code, 0);
  const replaced = ws.cassette('c').interactions as RecordedInteraction[];
  t.deepEqual(replaced.map((i) => i.key), [keyOf(chat), keyOf(gemini)], 'replace: only what the file has now');
});

test.serial('calls that are not LLM API calls are skipped with a count unless --all', async (t) => {
  const ws = importWorkspace(t);
  const page = (url: string, index: number) => ({ ...harEntry(chat, index), request: { ...harEntry(chat, index).request, method: 'GET', url, postData: undefined } });
  const file = ws.input('browser.har', JSON.stringify(harLog([page('https://app.example.com/api/users', 0), harEntry(chat, 1), page('https://app.example.com/static/app.js', 2)])));
  const r = await ws.run('har', [file], 'llm');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /browser\.har: imported 1, skipped 2: 2 not an LLM API call \(--all imports it\)/);
  const all = await ws.run('har', [file], 'everything', ['--all']);
  t.regex(all.stdout, /browser\.har: imported 3\n/);
  t.deepEqual(ws.cassette('everything').interactions.map((i) => (i as RecordedInteraction).request.path), ['/api/users', '/v1/chat/completions', '/static/app.js']);
});

test.serial('nothing importable: no cassette is created', async (t) => {
  const ws = importWorkspace(t);
  const r = await ws.run('har', [ws.input('empty.har', JSON.stringify(harLog([])))], 'none');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /nothing to import/);
  t.throws(() => readdirSync(ws.cassettes));
});

test.serial('import --help shows an example per format', async (t) => {
  const r = await runCli(['import', '--help'], CLI_TIMEOUT);
  t.is(r.code, 0);
  for (const format of ['har', 'vcr', 'postman']) t.regex(r.stdout, new RegExp(`mockllm import ${format} `));
});
