/**
 * The runner-neutral core of the helpers (SuiteController), driven directly: environment
 * set and restored, cassettes named after the file or the test title, misses attributed to
 * the test, the MOCKLLM_MODE switch, and the in-process transport.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import OpenAI from 'openai';
import { SuiteController } from '../../src/runners/suite.js';
import { cassetteNameForFile, cassetteNameForTitle, slug } from '../../src/runners/cassette-naming.js';
import type { Cassette } from '../../src/cassette/types.js';
import { ErrorCodes, MockllmError } from '../../src/errors.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { tempDir, writeCassettes } from '../helpers/replay-fixture.js';

function answering(content: string, question = 'hi'): Cassette {
  return {
    version: 1,
    interactions: [
      {
        id: 'a',
        request: { method: 'POST', path: '/v1/chat/completions', body: { json: { model: 'm', messages: [{ role: 'user', content: question }] } } },
        response: {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: { json: { id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] } },
        },
      },
    ],
  };
}

const ask = (env: NodeJS.ProcessEnv, question = 'hi') =>
  new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, maxRetries: 0 }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: question }] });

test('cassette names from files and titles', (t) => {
  t.is(cassetteNameForFile('file:///repo/test/chat.test.ts'), 'chat');
  t.is(cassetteNameForFile('/repo/test/summarize.spec.mjs'), 'summarize');
  t.is(cassetteNameForFile('/repo/test/plain.js'), 'plain');
  t.is(cassetteNameForTitle('chat', 'says hello (stream)'), 'chat/says-hello-stream');
  t.is(slug('Ünïcode & spaces / slashes'), 'Unicode-spaces-slashes');
  t.is(cassetteNameForTitle('chat', '***'), 'chat/untitled');
});

test('file mode: a server scoped to the file’s cassette, SDK variables set, then restored', async (t) => {
  const dir = tempDir();
  writeCassettes(dir, { chat: answering('from chat'), other: answering('from other') });
  const env: NodeJS.ProcessEnv = { OPENAI_API_KEY: 'kept', ANTHROPIC_BASE_URL: 'https://example.invalid' };
  const suite = new SuiteController({ cassettes: dir }, env);
  await suite.start('file:///repo/test/chat.test.ts');
  try {
    t.is(suite.cassette, 'chat');
    t.is(env.OPENAI_BASE_URL, `${suite.url}/v1`);
    t.is(env.OLLAMA_HOST, suite.url);
    t.is(env.ANTHROPIC_BASE_URL, suite.url);
    t.is(env.GOOGLE_GEMINI_BASE_URL, suite.url);
    t.is(env.OPENAI_API_KEY, 'kept', 'a key that is set stays');
    t.is(env.GEMINI_API_KEY, 'mockllm-replay-no-key', 'a missing key gets a dummy in replay');
    suite.beginTest('one');
    t.is((await ask(env)).choices[0]?.message.content, 'from chat', 'only the file’s cassette is in scope');
    t.notThrows(() => suite.endTest('one'));

    suite.beginTest('two');
    await t.throwsAsync(ask(env, 'never recorded'));
    const e = t.throws(() => suite.endTest('two'), { instanceOf: MockllmError });
    t.is(e!.code, ErrorCodes.MISS);
    t.regex(e!.message, /in test "two"/);
    t.regex(e!.message, /closest: chat#a/);

    suite.beginTest('three');
    t.notThrows(() => suite.endTest('three'), 'misses of earlier tests are not counted again');
  } finally {
    await suite.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  t.deepEqual(env, { OPENAI_API_KEY: 'kept', ANTHROPIC_BASE_URL: 'https://example.invalid' }, 'the environment is as before');
});

test('title mode: one cassette per test under the file’s name; failOnUnused counts only cassettes used', async (t) => {
  const dir = tempDir();
  writeCassettes(dir, { 'chat/says-hello': answering('hello!'), 'chat/says-bye': answering('bye!'), 'chat/skipped-test': answering('never') });
  const env: NodeJS.ProcessEnv = {};
  const suite = new SuiteController({ cassettes: dir, cassetteFrom: 'title', failOnUnused: true }, env);
  await suite.start('/repo/test/chat.test.ts');
  for (const [title, expected] of [
    ['says hello', 'hello!'],
    ['says bye', 'bye!'],
  ] as const) {
    suite.beginTest(title);
    t.is(suite.cassette, `chat/${slug(title)}`);
    t.is(env.OPENAI_BASE_URL, `${suite.url}/c/chat/${slug(title)}/v1`);
    t.is((await ask(env)).choices[0]?.message.content, expected);
    suite.endTest(title);
  }
  await t.notThrowsAsync(suite.stop(), 'chat/skipped-test belongs to no test that ran');
  rmSync(dir, { recursive: true, force: true });
});

test('failOnUnused: interactions of the file’s cassette nobody asked for fail the file', async (t) => {
  const dir = tempDir();
  writeCassettes(dir, { chat: answering('x') });
  const suite = new SuiteController({ cassettes: dir, failOnUnused: true }, {});
  await suite.start('chat.test.ts');
  suite.beginTest('nothing');
  suite.endTest('nothing');
  const e = await t.throwsAsync(suite.stop(), { instanceOf: MockllmError });
  t.is(e!.code, ErrorCodes.UNUSED);
  t.regex(e!.message, /chat#a/);
  rmSync(dir, { recursive: true, force: true });
});

test('failOnMiss: false tolerates misses', async (t) => {
  const dir = tempDir();
  writeCassettes(dir, { chat: answering('x') });
  const env: NodeJS.ProcessEnv = {};
  const suite = new SuiteController({ cassettes: dir, failOnMiss: false }, env);
  await suite.start('chat.test.ts');
  suite.beginTest('provokes a miss on purpose');
  await t.throwsAsync(ask(env, 'nope'));
  t.notThrows(() => suite.endTest('provokes a miss on purpose'));
  t.is(suite.misses().length, 1);
  await suite.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('MOCKLLM_MODE=record records each test into its own cassette; a bad mode or a missing upstream is explained', async (t) => {
  const upstream = await startFakeUpstream({ routes: [{ capture: 'openai/chat-nonstream' }] });
  const dir = tempDir();
  try {
    const env: NodeJS.ProcessEnv = { MOCKLLM_MODE: 'record', MOCKLLM_UPSTREAM: upstream.url, OPENAI_API_KEY: 'sk-real-key-abcdef' };
    const suite = new SuiteController({ cassettes: dir, cassetteFrom: 'title' }, env);
    await suite.start('/repo/test/chat.test.ts');
    t.is(suite.mode, 'record');
    suite.beginTest('records me');
    t.is(env.OPENAI_API_KEY, 'sk-real-key-abcdef', 'no dummy keys when recording');
    t.truthy((await ask(env)).choices[0]?.message.content);
    suite.endTest('records me');
    await suite.stop();
    const file = join(dir, 'chat/records-me.json');
    t.true(existsSync(file));
    t.false(readFileSync(file, 'utf8').includes('sk-real-key'));

    const bad = new SuiteController({ cassettes: dir }, { MOCKLLM_MODE: 'recrod' });
    t.is((await t.throwsAsync(bad.start('x.test.ts')))!.message, 'MOCKLLM_MODE must be "replay" or "record", not "recrod"');
    const noUpstream = new SuiteController({ cassettes: dir }, { MOCKLLM_MODE: 'record' });
    t.regex((await t.throwsAsync(noUpstream.start('x.test.ts')))!.message, /needs an upstream: set MOCKLLM_UPSTREAM/);
  } finally {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('intercept transport: no server, no environment; title mode scopes through the interception', async (t) => {
  const dir = tempDir();
  writeCassettes(dir, { 'chat/first': answering('first!'), 'chat/second': answering('second!') });
  const env: NodeJS.ProcessEnv = {};
  const suite = new SuiteController({ cassettes: dir, transport: 'intercept', cassetteFrom: 'title' }, env);
  await suite.start('chat.test.ts');
  try {
    t.deepEqual(env, {}, 'no variables needed');
    const openai = new OpenAI({ apiKey: 'k', maxRetries: 0 });
    for (const title of ['first', 'second']) {
      suite.beginTest(title);
      const res = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      t.is(res.choices[0]?.message.content, `${title}!`);
      suite.endTest(title);
    }
  } finally {
    await suite.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
