/**
 * The tooling exports of `mockllm`: loadCassette, validateCassette and renderReply — the
 * same checks and renderer the server and `mockllm validate` use.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { ErrorCodes, InvalidCassetteError, loadCassette, renderReply, validateCassette, startReplay } from '../../src/index.js';
import type { Cassette, HandWrittenInteraction } from '../../src/cassette/types.js';
import { tempDir } from '../helpers/replay-fixture.js';

const OPENAI = new URL('../../cassettes/openai.json', import.meta.url).pathname;

test('loadCassette: a parsed, validated cassette', (t) => {
  const cassette = loadCassette(OPENAI);
  t.is(cassette.version, 1);
  t.true(cassette.interactions.some((i) => i.id === 'chat-stream'));
});

test('loadCassette: invalid files throw InvalidCassetteError with file and JSON pointer', (t) => {
  const dir = tempDir();
  try {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, interactions: [{ request: { method: 'POST' }, response: { status: 200 } }] }));
    const e = t.throws(() => loadCassette(bad), { instanceOf: InvalidCassetteError });
    t.is(e!.code, ErrorCodes.INVALID_CASSETTE);
    t.true(e!.problems.every((p) => p.file === bad));
    t.true(e!.problems.some((p) => p.pointer.startsWith('/interactions/0')));

    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ "version": 1,\n  "interactions": [ }');
    const e2 = t.throws(() => loadCassette(notJson), { instanceOf: InvalidCassetteError });
    t.regex(e2!.problems[0]!.message, /not valid JSON/);

    t.throws(() => loadCassette(join(dir, 'missing.json')), { instanceOf: InvalidCassetteError });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validateCassette: [] for a valid cassette; located problems otherwise (like `mockllm validate`)', (t) => {
  const cassette = JSON.parse(readFileSync(OPENAI, 'utf8')) as Cassette;
  t.deepEqual(validateCassette(cassette), []);
  t.deepEqual(validateCassette({ version: 1 }), [{ pointer: '', message: 'missing required field "interactions"' }]);

  const edited = structuredClone(cassette);
  const first = edited.interactions[0] as { key?: string; request: { body?: { json?: { model?: string } } } };
  first.key = 'a'.repeat(64);
  const problems = validateCassette(edited);
  t.is(problems.length, 1);
  t.is(problems[0]!.pointer, '/interactions/0/key');

  const handWritten: HandWrittenInteraction = { id: 'bad-regex', match: { path: '/v1/chat/completions', last_user_message: { regex: '(' } }, reply: { text: 'hi' } };
  const hw = validateCassette({ version: 1, interactions: [handWritten] });
  t.true(hw.some((p) => p.pointer === '/interactions/0/match/last_user_message/regex'), 'hand-written checks run too');
});

test('renderReply: the provider wire format the request asks for, deterministic', (t) => {
  const request = { path: '/v1/chat/completions', body: { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] } };
  const streamed = renderReply({ text: 'Hello there!' }, request);
  t.is(streamed.status, 200);
  t.regex(String(streamed.headers?.['content-type']), /text\/event-stream/);
  t.true(streamed.stream!.events.length >= 3);
  t.is(streamed.stream!.events.at(-1)!.text, '[DONE]');
  t.deepEqual(renderReply({ text: 'Hello there!' }, request), streamed, 'same input, same output');

  const ollama = renderReply({ text: 'Hi' }, { path: '/api/chat', body: { model: 'llama3', messages: [{ role: 'user', content: 'hi' }], stream: false } });
  t.is((ollama.body as { json: { message: { content: string } } }).json.message.content, 'Hi');

  const error = renderReply({ status: 429 }, { path: '/v1/messages', provider: 'anthropic', body: { model: 'claude', messages: [] } });
  t.is(error.status, 429);
});

test('renderReply renders what the server would replay for a hand-written interaction', async (t) => {
  const dir = tempDir();
  try {
    const interaction: HandWrittenInteraction = { id: 'hello', match: { path: '/v1/chat/completions' }, reply: { text: 'Hello from a rule' } };
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ version: 1, interactions: [interaction] }));
    const server = await startReplay({ cassettes: dir });
    try {
      const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
      const res = await fetch(`${server.baseURL('openai')}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const served = await res.json();
      const rendered = renderReply(interaction.reply!, { path: '/v1/chat/completions', body });
      t.deepEqual(served, (rendered.body as { json: unknown }).json);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
