/** How a Postman collection's requests and examples are read (variables, folders, URL forms). */
import test from 'ava';
import { readPostman } from '../../../src/import/postman-format.js';
import { handWrittenFromExample } from '../../../src/import/postman-interaction.js';
import { Scrubber } from '../../../src/redact/scrubber.js';
import { PROVIDERS } from '../../../src/providers/registry.js';

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
const example = (name: string, extra: Record<string, unknown> = {}) => ({ name, code: 200, header: [], body: 'hello', ...extra });

function read(item: unknown[], variable: unknown[] = []) {
  return readPostman(JSON.stringify({ info: { name: 'c', schema: SCHEMA }, item, variable }), 'c.json');
}

test('variables resolve in path and body; path variables and unknown variables match one segment', (t) => {
  const reading = read(
    [
      {
        name: 'folder',
        variable: [{ key: 'model', value: 'gpt-4o' }],
        item: [
          {
            name: 'get',
            request: { method: 'POST', url: { raw: '{{baseUrl}}/{{version}}/threads/:id/{{unknown}}', host: ['{{baseUrl}}'], path: ['{{version}}', 'threads', ':id', '{{unknown}}'] }, body: { mode: 'raw', raw: '{"model": "{{model}}"}' } },
            response: [example('a'), example('a')],
          },
        ],
      },
    ],
    [{ key: 'version', value: 'v1' }],
  );
  const [first, second] = reading.examples!;
  t.is(first!.request.path, '/v1/threads/*/*');
  t.is(first!.request.body.toString(), '{"model": "gpt-4o"}');
  t.is(first!.path, 'folder/get/a');
  t.is(second!.path, 'folder/get/a (2)', 'two examples with one name stay distinct');
});

test('a URL given as a string, or as an object with only raw, keeps its path and query', (t) => {
  const reading = read([
    { name: 's', request: { method: 'POST', url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse' }, response: [example('x')] },
    { name: 'r', request: { method: 'GET', url: { raw: '{{baseUrl}}/v1/models' } }, response: [example('y')] },
  ]);
  t.is(reading.examples![0]!.request.path, '/v1beta/models/gemini-2.5-flash:streamGenerateContent');
  t.is(reading.examples![0]!.request.search.get('alt'), 'sse');
  t.is(reading.examples![1]!.request.path, '/v1/models');
});

test('disabled headers are left out; a plain-text error example becomes the provider error reply', (t) => {
  const reading = read([
    {
      name: 'chat',
      request: {
        method: 'POST',
        header: [{ key: 'Content-Type', value: 'application/json' }, { key: 'X-Debug', value: '1', disabled: true }],
        url: { raw: '{{baseUrl}}/v1/chat/completions', path: ['v1', 'chat', 'completions'] },
        body: { mode: 'raw', raw: '{"model":"m","messages":[{"role":"user","content":"boom"}]}' },
      },
      response: [example('overloaded', { code: 503, body: 'The engine is currently overloaded' })],
    },
  ]);
  const e = reading.examples![0]!;
  t.deepEqual(Object.keys(e.request.headers), ['content-type']);
  const i = handWrittenFromExample(e, PROVIDERS.openai, new Scrubber(), 'id');
  t.false('reason' in i);
  if (!('reason' in i)) {
    t.deepEqual(i.reply, { status: 503, text: 'The engine is currently overloaded' });
    t.deepEqual(i.match.last_user_message, { regex: '^boom$' });
    t.is(i.match.stream, undefined, 'a rendered reply fits streamed and non-streamed requests');
  }
});

test('a request with no conversation matches its JSON body as a subset', (t) => {
  const reading = read([
    { name: 'count', request: { method: 'POST', url: 'https://api.anthropic.com/v1/messages/count_tokens', body: { mode: 'raw', raw: '{"model":"claude","system":"x"}' } }, response: [example('n', { body: '{"input_tokens": 3}' })] },
  ]);
  const i = handWrittenFromExample(reading.examples![0]!, PROVIDERS.anthropic, new Scrubber(), 'id');
  t.false('reason' in i);
  if (!('reason' in i)) {
    // Anthropic's `system` reads as a system message, and there is no user message.
    t.deepEqual(i.match.body, { model: 'claude', system: 'x' });
    t.deepEqual(i.response?.headers, { 'content-type': 'application/json' });
    t.deepEqual(i.response?.body, { text: '{"input_tokens": 3}' });
  }
});
