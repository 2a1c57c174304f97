/**
 * Bad input to `mockllm import`: a file that is not the format it claims, an unsupported
 * version, a truncated file, an unknown variant. Each gets exit 2 and one line naming the
 * file and the JSON pointer or line, with MOCKLLM_E_INVALID_IMPORT — and nothing written
 * (no new cassette; an existing one byte for byte as it was).
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import test from 'ava';
import { serializeCassette } from '../../src/cassette/serializer.js';
import { loadCapture } from '../helpers/captures.js';
import { interactionFromCapture } from '../helpers/capture-cassette.js';
import { DEMO_CASSETTE } from '../helpers/cli.js';
import { harEntry, harFileText, harLog } from '../helpers/har-writer.js';
import { importWorkspace } from '../helpers/import-fixture.js';
import { collection, exampleFromCapture, requestItem } from '../helpers/postman-writer.js';
import { vcrCassetteText } from '../helpers/vcr-writer.js';

const chat = loadCapture('openai/chat-nonstream');
const stream = loadCapture('openai/chat-stream');
const harText = harFileText([chat, stream]);
const vcrText = vcrCassetteText([chat, stream]);
const postmanText = JSON.stringify(collection('c', [requestItem({ name: 'chat', method: 'POST', path: '/v1/chat/completions', examples: [exampleFromCapture(chat)] })], {}), null, 2);

interface BadCase {
  title: string;
  format: 'har' | 'vcr' | 'postman';
  file: string;
  text: string;
  /** What the one line must name besides the file: a pointer (`/log/version`) or a line (`:12`). */
  where: RegExp;
}

const edit = (text: string, f: (v: any) => void) => {
  const v = JSON.parse(text);
  f(v);
  return JSON.stringify(v, null, 2);
};
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

const CASES: BadCase[] = [
  { title: 'HAR: a YAML file is not JSON', format: 'har', file: 'cassette.har', text: vcrText, where: /cassette\.har:1:1: not valid JSON/ },
  { title: 'HAR: truncated', format: 'har', file: 'cut.har', text: harText.slice(0, Math.floor(harText.length / 2)), where: new RegExp(`cut\\.har:${harText.slice(0, Math.floor(harText.length / 2)).trimEnd().split('\n').length}:\\d+: .*truncated`) },
  { title: 'HAR: a Postman collection is not a HAR', format: 'har', file: 'collection.har', text: postmanText, where: /collection\.har: \/: not a HAR file.*mockllm import postman/ },
  { title: 'HAR: unsupported version', format: 'har', file: 'v2.har', text: edit(harText, (v) => (v.log.version = '2.0')), where: /v2\.har: \/log\/version: unsupported HAR version "2\.0"/ },
  { title: 'HAR: a status that is not a number', format: 'har', file: 'status.har', text: edit(harText, (v) => (v.log.entries[1].response.status = 'OK')), where: /status\.har: \/log\/entries\/1\/response\/status: expected a number/ },
  { title: 'HAR: base64 content that is not base64', format: 'har', file: 'b64.har', text: edit(harText, (v) => Object.assign(v.log.entries[0].response.content, { text: 'not base64!', encoding: 'base64' })), where: /b64\.har: \/log\/entries\/0\/response\/content\/text: .*not valid base64/ },
  {
    title: 'HAR: a gzip body cut short',
    format: 'har',
    file: 'gzip.har',
    // The capture's headers say Content-Encoding: gzip; here the exporter kept the wire bytes, cut short.
    text: edit(harText, (v) => {
      v.log.entries[0].response.content = { size: chat.body.length, mimeType: 'application/json', text: gzipSync(chat.body).subarray(0, 40).toString('base64'), encoding: 'base64' };
    }),
    where: /gzip\.har: \/log\/entries\/0\/response\/content\/text: .*content-encoding gzip but does not decode/,
  },
  { title: 'HAR: an unsupported content encoding name', format: 'har', file: 'enc.har', text: edit(harText, (v) => (v.log.entries[0].response.content.encoding = 'quoted-printable')), where: /enc\.har: \/log\/entries\/0\/response\/content\/encoding: unsupported encoding/ },
  { title: 'vcr: truncated (the closing `version: 1` is lost)', format: 'vcr', file: 'cut.yaml', text: vcrText.slice(0, vcrText.indexOf('- request:', 100)), where: /cut\.yaml:1: \/version: missing "version"/ },
  { title: 'vcr: unsupported version', format: 'vcr', file: 'v2.yaml', text: vcrText.replace(/version: 1\n$/, 'version: 2\n'), where: new RegExp(`v2\\.yaml:${vcrText.split('\n').length - 1}: /version: unsupported vcrpy cassette version 2`) },
  {
    title: 'vcr: an unknown variant is named',
    format: 'vcr',
    file: 'variant.yaml',
    text: vcrText.replace('    body:\n      string:', '    body:\n      base64_string:'),
    where: new RegExp(`variant\\.yaml:${lineOf(vcrText, '    body:\n      string:')}: /interactions/0/response: unknown vcrpy cassette variant.*"base64_string"`),
  },
  { title: 'vcr: a Ruby VCR cassette', format: 'vcr', file: 'ruby.yml', text: 'http_interactions:\n- request:\n    method: post\nrecorded_with: VCR 6.2.0\n', where: /ruby\.yml:1: \/: a Ruby VCR cassette/ },
  { title: 'vcr: a Python object tag', format: 'vcr', file: 'tag.yaml', text: vcrText.replace("    method: POST\n", '    method: !!python/object:vcr.Method POST\n'), where: new RegExp(`tag\\.yaml:${lineOf(vcrText, '    method: POST')}:\\d+: unknown vcrpy cassette variant: a value tagged !!python/object:vcr\\.Method`) },
  { title: 'vcr: not YAML at all', format: 'vcr', file: 'broken.yaml', text: 'interactions: [\n  {request: {method: POST}\n', where: /broken\.yaml:\d+:\d+: not valid YAML/ },
  { title: 'vcr: a HAR file', format: 'vcr', file: 'session.yaml', text: harText, where: /session\.yaml(:1)?: \/: not a vcrpy cassette.*mockllm import har/ },
  {
    title: 'HAR: a request body nested deeper than the stack',
    format: 'har',
    file: 'deep.har',
    text: edit(harText, (v) => (v.log.entries[1].request.postData.text = `{"messages":${'['.repeat(50_000)}${']'.repeat(50_000)}}`)),
    where: /deep\.har: \/log\/entries\/1: its JSON nests deeper than mockllm stores/,
  },
  {
    title: 'HAR: a header value with a line break',
    format: 'har',
    file: 'crlf.har',
    text: edit(harText, (v) => v.log.entries[1].response.headers.push({ name: 'x-injected', value: 'a\r\nset-cookie: b' })),
    where: /crlf\.har: \/log\/entries\/1\/response\/headers\/\d+: the value of header "x-injected" is not a valid header value/,
  },
  {
    title: 'vcr: an alias expansion bomb',
    format: 'vcr',
    file: 'bomb.yaml',
    text: `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${[...'bcdefghi'].map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`).join('\n')}\ninteractions: *i\nversion: 1\n`,
    where: /bomb\.yaml: cannot read the YAML: Excessive alias count/,
  },
  { title: 'postman: collection format v1', format: 'postman', file: 'v1.json', text: JSON.stringify({ id: 'x', name: 'old', order: [], requests: [], info: { name: 'old' }, item: [] }), where: /v1\.json: \/info\/schema: unsupported Postman collection format v1/ },
  { title: 'postman: an unknown schema', format: 'postman', file: 'v3.json', text: edit(postmanText, (v) => (v.info.schema = 'https://schema.getpostman.com/json/collection/v3.0.0/collection.json')), where: /v3\.json: \/info\/schema: unsupported Postman collection schema/ },
  { title: 'postman: truncated', format: 'postman', file: 'cut.json', text: postmanText.slice(0, 300), where: /cut\.json:\d+:\d+: .*truncated/ },
  { title: 'postman: an example status that is not a number', format: 'postman', file: 'code.json', text: edit(postmanText, (v) => (v.item[0].response[0].code = '200 OK')), where: /code\.json: \/item\/0\/response\/0\/code: expected a number/ },
];

for (const c of CASES) {
  test.serial(`${c.title}: exit 2, one line with file and place, nothing written`, async (t) => {
    const ws = importWorkspace(t);
    const file = ws.input(c.file, c.text);
    const r = await ws.run(c.format, [file], 'target');
    t.is(r.code, 2, r.stdout);
    const lines = r.stderr.trimEnd().split('\n');
    t.is(lines.length, 1, r.stderr);
    t.regex(lines[0]!, /MOCKLLM_E_INVALID_IMPORT/);
    t.true(lines[0]!.includes(file), `names the file: ${lines[0]}`);
    t.regex(lines[0]!, c.where);
    t.false(existsSync(ws.cassettes), 'nothing written');
  });
}

test.serial('bad input leaves an existing cassette byte for byte as it was', async (t) => {
  const ws = importWorkspace(t);
  mkdirSync(ws.cassettes, { recursive: true });
  const existing = join(ws.cassettes, 'target.json');
  writeFileSync(existing, serializeCassette({ ...DEMO_CASSETTE, interactions: [...DEMO_CASSETTE.interactions, interactionFromCapture(chat)] }));
  const before = readFileSync(existing);
  // The first file is fine, the second is cut short: the whole import is refused.
  const good = ws.input('good.har', harText);
  const bad = ws.input('bad.har', harText.slice(0, 200));
  const r = await ws.run('har', [good, bad], 'target', ['--replace']);
  t.is(r.code, 2);
  t.regex(r.stderr, /bad\.har:\d+:\d+: .*MOCKLLM_E_INVALID_IMPORT/);
  t.true(readFileSync(existing).equals(before));
});

test.serial('an invalid target cassette is reported as such and left alone', async (t) => {
  const ws = importWorkspace(t);
  mkdirSync(ws.cassettes, { recursive: true });
  writeFileSync(join(ws.cassettes, 'target.json'), '{"version": 1, "interactions": [{"request": {}}]}');
  const r = await ws.run('har', [ws.input('s.har', harText)], 'target');
  t.is(r.code, 2);
  t.regex(r.stderr, /invalid cassette/);
  t.is(readFileSync(join(ws.cassettes, 'target.json'), 'utf8'), '{"version": 1, "interactions": [{"request": {}}]}');
});

test.serial('a cassette name that escapes the directory is refused', async (t) => {
  const ws = importWorkspace(t);
  const r = await ws.run('har', [ws.input('s.har', harText)], '../outside');
  t.is(r.code, 2);
  t.regex(r.stderr, /MOCKLLM_E_INVALID_CASSETTE_NAME|invalid cassette name/);
  t.false(existsSync(join(ws.dir, 'outside.json')));
});

test.serial('an entry without a response is skipped and counted, not an error', async (t) => {
  const ws = importWorkspace(t);
  const entries = [harEntry(chat, 0), { ...harEntry(stream, 1), response: { ...harEntry(stream, 1).response, status: 0, content: { size: 0, mimeType: '' } } }];
  const r = await ws.run('har', [ws.input('s.har', JSON.stringify(harLog(entries)))], 'target');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /s\.har: imported 1, skipped 1: 1 no response \(status 0/);
});
