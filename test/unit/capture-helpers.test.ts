import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { serializeCassette } from '../../src/cassette/serializer.js';
import { isHandWritten, type Cassette } from '../../src/cassette/types.js';
import { cassetteProblems } from '../../src/cassette/validate.js';
import { DEFAULT_KEY_OPTIONS, requestKey } from '../../src/match/request-key.js';
import { SECRET_RESPONSE_HEADERS } from '../../src/redact/secret-rules.js';
import { Scrubber } from '../../src/redact/scrubber.js';
import { planFromStored } from '../../src/replay/plan.js';
import {
  cassetteFromCaptures,
  expectedWireBytes,
  interactionFromCapture,
  TRANSFER_RESPONSE_HEADERS,
} from '../helpers/capture-cassette.js';
import { CAPTURES_DIR, FIDELITY_LABELS, loadCapture, loadCaptures, streamingCaptures } from '../helpers/captures.js';
import { buildExampleCassettes, EXAMPLE_CASSETTES_DIR } from '../fixtures/make-example-cassettes.js';

const VALIDATE = { key: DEFAULT_KEY_OPTIONS, checkStoredKeys: true };

test('loads every capture with its body, and no others', (t) => {
  const metaFiles = readdirSync(CAPTURES_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.meta.json'));
  const all = loadCaptures();
  t.is(all.length, metaFiles.length);
  t.is(new Set(all.map((c) => c.id)).size, all.length);
  for (const c of all) {
    if (c.meta.response.body_bytes !== undefined) t.is(c.body.length, c.meta.response.body_bytes, c.id);
    t.is(c.id, `${c.provider}/${c.name}`);
    t.false(c.request.path.includes('?'), c.id);
    for (const k of Object.keys(c.responseHeaders)) t.is(k, k.toLowerCase());
  }
  t.throws(() => loadCapture('openai/nope'), { message: /no capture/ });
});

test('fidelity labels agree with the README index table', (t) => {
  const readme = readFileSync(`${CAPTURES_DIR}README.md`, 'utf8');
  const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
  const fromReadme = new Map<string, string>();
  for (const row of rows) {
    const cols = row.split(' | ');
    const file = /`([^`]+)`/.exec(cols[0]!)![1]!;
    // The index says 'DOC EXAMPLE (not a capture)' where the legend says 'DOC EXAMPLE'.
    fromReadme.set(file.replace(/\.(json|sse|ndjson)$/, ''), cols[3]!.trim().replace(/ \(not a capture\)$/, ''));
  }
  const all = loadCaptures();
  t.is(fromReadme.size, all.length);
  for (const c of all) {
    t.is(c.fidelity as string, fromReadme.get(c.id) ?? '(missing from README)', c.id);
    t.true(FIDELITY_LABELS.includes(c.fidelity));
    t.is(c.byteFaithful, c.fidelity.startsWith('raw'), c.id);
  }
});

test('the kept .gz wire bytes decode to the body', (t) => {
  const withGz = loadCaptures().filter((c) => c.wireGzip);
  t.deepEqual(
    withGz.map((c) => c.id),
    ['anthropic/messages-nonstream', 'gemini/generate-content-gzip', 'openai/chat-nonstream'],
  );
  for (const c of withGz) t.true(gunzipSync(c.wireGzip!).equals(c.body), c.id);
});

test('framing and streamed: Gemini stream errors are text/event-stream but not streams', (t) => {
  const err = loadCapture('gemini/stream-error-400-invalid-key');
  t.is(err.framing, 'sse');
  t.false(err.streamed);
  t.is(loadCapture('ollama/chat-stream').framing, 'ndjson');
  t.true(streamingCaptures().every((c) => c.streamed && c.framing !== undefined && c.status === 200));
  t.is(loadCapture('openai/chat-nonstream').framing, undefined);
});

test('request: path without query, compact JSON body, lower-case headers', (t) => {
  const c = loadCapture('openai/azure-chat-stream');
  t.is(c.request.path, '/openai/deployments/openllmetry-testing/chat/completions');
  t.is(c.request.search.get('api-version'), '2024-02-01');
  t.is(c.request.headers['content-type'], 'application/json');
  t.deepEqual(JSON.parse(c.request.body.toString('utf8')), c.meta.request.body);
  t.is(loadCapture('ollama/doc-midstream-error').request.body.length, 0);
});

test('no response body holds a secret shape (so scrubbing responses would change nothing)', (t) => {
  const scrubber = new Scrubber();
  for (const c of loadCaptures()) {
    const text = c.body.toString('utf8');
    t.is(scrubber.scrub(text), text, c.id);
  }
});

test('every capture replays from its stored interaction byte for byte', (t) => {
  for (const c of loadCaptures()) {
    const { response } = interactionFromCapture(c);
    const plan = planFromStored(response);
    const bytes = plan.stream
      ? Buffer.concat([...plan.stream.frames.map((f) => f.bytes), plan.stream.tail ?? Buffer.alloc(0)])
      : plan.body!;
    t.true(bytes.equals(expectedWireBytes(c)), c.id);
    t.is(Boolean(response.stream), c.streamed, c.id);
    for (const name of Object.keys(response.headers ?? {})) {
      t.false(TRANSFER_RESPONSE_HEADERS.has(name), `${c.id}: ${name}`);
      t.false(SECRET_RESPONSE_HEADERS.has(name), `${c.id}: ${name}`);
    }
  }
});

test('stream events: synthesized offsets, editable where exact, raw for CRLF and padded JSON', (t) => {
  const gemini = interactionFromCapture(loadCapture('gemini/stream-sse'), { eventGapMs: 5 }).response.stream!;
  t.deepEqual(
    gemini.events.map((e) => e.t),
    gemini.events.map((_, i) => (i + 1) * 5),
  );
  t.true(gemini.events.every((e) => e.raw !== undefined && e.raw.endsWith('\r\n\r\n')));
  t.is(gemini.tail, undefined);
  t.is(gemini.ending, undefined);
  const openai = interactionFromCapture(loadCapture('openai/chat-stream')).response.stream!;
  t.deepEqual(openai.events.at(-1), { t: 20 * openai.events.length, text: '[DONE]' });
  t.true(openai.events.slice(0, -1).every((e) => e.data !== undefined));
});

test('a cassette of all captures is schema-valid, ids unique, keys match requests', (t) => {
  const cassette = cassetteFromCaptures(loadCaptures(), { name: 'all' });
  const parsed = JSON.parse(serializeCassette(cassette)) as Cassette;
  t.deepEqual(cassetteProblems(parsed, VALIDATE), []);
  for (const i of parsed.interactions) {
    if (isHandWritten(i)) continue;
    t.is(i.key, requestKey(i.request));
  }
  // Names shared across providers fall back to the capture id.
  t.truthy(parsed.interactions.find((i) => i.id === 'ollama/chat-stream'));
  t.truthy(parsed.interactions.find((i) => i.id === 'chat-stream-gpt5'));
});

test('bundled example cassettes are up to date and valid (run make-example-cassettes.ts if not)', (t) => {
  for (const built of buildExampleCassettes()) {
    const file = readFileSync(EXAMPLE_CASSETTES_DIR + built.spec.file, 'utf8');
    t.is(file, built.text, `cassettes/${built.spec.file} is stale: npx tsx test/fixtures/make-example-cassettes.ts`);
    const parsed = JSON.parse(file) as Cassette;
    t.deepEqual(cassetteProblems(parsed, VALIDATE), [], built.spec.file);
    t.is(parsed.$schema, '../schemas/cassette.schema.json');
    t.deepEqual(built.warnings, []);
    t.deepEqual(
      parsed.interactions.map((i) => i.id),
      built.spec.captures.map((id) => id.slice(id.indexOf('/') + 1)),
    );
  }
});
