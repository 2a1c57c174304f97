import test from 'ava';
import type { Cassette } from '../../../src/cassette/types.js';
import { cassetteProblems } from '../../../src/cassette/validate.js';
import { handwrittenProblems } from '../../../src/handwritten/validate-handwritten.js';
import { DEFAULT_KEY_OPTIONS } from '../../../src/match/request-key.js';

function cassette(interactions: Cassette['interactions'], extra: Partial<Cassette> = {}): Cassette {
  return { version: 1, interactions, ...extra };
}

test('a clean hand-written cassette has no problems', (t) => {
  const c = cassette([
    {
      match: { path: '/v1/chat/completions', model: { regex: '^gpt-4' }, last_user_message: { regex: 'hello', flags: 'i' }, conversation: [{ role: 'user', content: { regex: '\\d+' } }] },
      reply: { text: 'Hello there', chunking: ['Hello', ' there'], pauses: { '1': 200 }, tool_calls: [{ name: 'f', arguments: '{"q": "{{last_user_message}}", "n": {{body.n}}}' }] },
    },
    { match: { path: '/v1/embeddings' }, reply: {} },
    { match: { path: '/api/tags' }, reply: {} },
    { match: {}, reply: { text: '' } },
    { match: {}, reply: { status: 429 } },
  ]);
  t.deepEqual(handwrittenProblems(c), []);
});

test('invalid regexes are reported at their pointers', (t) => {
  const c = cassette([
    { match: { path: '/x' }, reply: { text: 'ok' } },
    {
      match: { model: { regex: '(' }, last_user_message: { regex: '[' }, system: { regex: 'a', flags: 'gg' }, conversation: [{ content: 'plain' }, { content: { regex: '*' } }] },
      reply: { text: 'ok' },
    },
  ]);
  t.deepEqual(
    handwrittenProblems(c).map((p) => p.pointer),
    ['/interactions/1/match/model/regex', '/interactions/1/match/last_user_message/regex', '/interactions/1/match/system/regex', '/interactions/1/match/conversation/1/content/regex'],
  );
  t.regex(handwrittenProblems(c)[0]!.message, /^invalid regular expression: /);
});

test('tool-call arguments strings must hold a JSON object', (t) => {
  const c = cassette([{ match: {}, reply: { tool_calls: [{ name: 'a', arguments: { ok: true } }, { name: 'b', arguments: '{"q": ' }, { name: 'c', arguments: '[1,2]' }] } }]);
  const problems = handwrittenProblems(c);
  t.deepEqual(problems.map((p) => p.pointer), ['/interactions/0/reply/tool_calls/1/arguments', '/interactions/0/reply/tool_calls/2/arguments']);
  t.regex(problems[0]!.message, /arguments is a string but not JSON/);
  t.regex(problems[1]!.message, /must be a JSON object/);
});

test('explicit chunks must spell the text', (t) => {
  const c = cassette([
    { match: {}, reply: { text: 'Hello world', chunking: ['Hello', 'world'] } },
    { match: {}, reply: { tool_calls: [{ name: 'f', arguments: {} }], chunking: ['x'] } },
  ]);
  const problems = handwrittenProblems(c);
  t.deepEqual(problems.map((p) => p.pointer), ['/interactions/0/reply/chunking', '/interactions/1/reply/chunking']);
  t.is(problems[0]!.message, 'the chunks concatenate to "Helloworld" but text is "Hello world"; the pieces must spell the text exactly');
});

test('pause keys must be chunk indexes', (t) => {
  const problems = handwrittenProblems(cassette([{ match: {}, reply: { text: 'x', pauses: { first: 10, '01': 5, '2': 1 } } }]));
  t.deepEqual(problems.map((p) => p.pointer), ['/interactions/0/reply/pauses/first', '/interactions/0/reply/pauses/01']);
});

test('a reply that renders nothing is an error, also in model aliases', (t) => {
  const c = cassette([{ match: { path: '/v1/chat/completions' }, reply: { model: 'gpt-4o', chunking: 'word' } }], { models: { 'my/alias': { reply: { ttft_ms: 5 } } } });
  const problems = handwrittenProblems(c);
  t.deepEqual(problems.map((p) => p.pointer), ['/interactions/0/reply', '/models/my~1alias/reply']);
  t.regex(problems[0]!.message, /renders nothing/);
});

test('cassette validation runs the hand-written checks, reported once', (t) => {
  const c = cassette([{ match: { last_user_message: { regex: '(' } }, reply: { text: 'x' } }]);
  const problems = cassetteProblems(c, { key: DEFAULT_KEY_OPTIONS, checkStoredKeys: false });
  t.deepEqual(problems.map((p) => p.pointer), ['/interactions/0/match/last_user_message/regex']);
});
