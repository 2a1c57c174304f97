import test from 'ava';
import { extractConversation } from '../../../src/handwritten/conversation.js';
import { renderTemplate, renderTemplateDeep, type TemplateContext } from '../../../src/handwritten/template.js';
import type { RequestView } from '../../../src/providers/provider.js';
import { PROVIDERS } from '../../../src/providers/registry.js';

const body = {
  model: 'gpt-4o',
  temperature: 0.2,
  metadata: { user: 'ada', tags: ['a', 'b'] },
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'First "question"' },
    { role: 'assistant', content: 'Answer' },
    { role: 'user', content: 'Second question\nwith a newline' },
  ],
};
const req: RequestView = { method: 'POST', path: '/v1/chat/completions', query: new URLSearchParams(), headers: {}, json: body };
const ctx: TemplateContext = { conversation: extractConversation(req, PROVIDERS.openai), model: 'gpt-4o', body };

test('named placeholders', (t) => {
  t.is(renderTemplate('You said: {{last_user_message}}', ctx), 'You said: Second question\nwith a newline');
  t.is(renderTemplate('{{model}} / {{system}} / {{message_count}}', ctx), 'gpt-4o / Be brief. / 3');
  t.is(renderTemplate('{{ model }}', ctx), 'gpt-4o', 'whitespace inside the braces');
});

test('body fields by dot path or [index]; non-strings print as JSON; missing is empty', (t) => {
  t.is(renderTemplate('{{body.metadata.user}}', ctx), 'ada');
  t.is(renderTemplate('{{body.messages.1.content}}', ctx), 'First "question"');
  t.is(renderTemplate('{{body.messages[2].role}}', ctx), 'assistant');
  t.is(renderTemplate('{{body.temperature}}', ctx), '0.2');
  t.is(renderTemplate('{{body.metadata.tags}}', ctx), '["a","b"]');
  t.is(renderTemplate('[{{body.nope.deeper}}]', ctx), '[]');
});

test('unknown placeholders and lone braces stay as written', (t) => {
  t.is(renderTemplate('{{unknown}} {not} {{ body }x', ctx), '{{unknown}} {not} {{ body }x');
  t.is(renderTemplate('no placeholders', ctx), 'no placeholders');
});

test('jsonString escapes inserted values for the inside of a JSON string', (t) => {
  const args = renderTemplate('{"q":"{{body.messages.1.content}}","n":"{{last_user_message}}"}', ctx, { jsonString: true });
  t.deepEqual(JSON.parse(args), { q: 'First "question"', n: 'Second question\nwith a newline' });
});

test('renderTemplateDeep renders every string of an object, keys untouched', (t) => {
  t.deepEqual(renderTemplateDeep({ '{{model}}': ['{{model}}', 1, { q: '{{body.metadata.user}}' }], n: null }, ctx), {
    '{{model}}': ['gpt-4o', 1, { q: 'ada' }],
    n: null,
  });
});

test('empty conversation: placeholders render empty', (t) => {
  const empty: TemplateContext = { conversation: { messages: [], hasTools: false, hasToolResult: false }, model: '', body: undefined };
  t.is(renderTemplate('[{{last_user_message}}|{{system}}|{{model}}|{{message_count}}|{{body.x}}]', empty), '[|||0|]');
});
