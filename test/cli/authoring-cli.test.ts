/** `mockllm new`, `render` and `validate` on hand-written cassettes, as a user runs them. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/replay-fixture.js';

for (const provider of ['openai', 'ollama', 'anthropic', 'gemini']) {
  test(`new --provider ${provider} writes a valid cassette whose every interaction renders`, async (t) => {
    const dir = tempDir();
    const made = await runCli(['new', 'examples', '--provider', provider, '--cassettes', dir]);
    t.is(made.code, 0, made.stderr);
    const cassette = JSON.parse(readFileSync(join(dir, 'examples.json'), 'utf8'));
    t.regex(cassette.$schema, /schemas\/cassette\.schema\.json$/);
    t.is((await runCli(['validate', dir])).code, 0);
    for (const [i, interaction] of cassette.interactions.entries()) {
      const rendered = await runCli(['render', 'examples', '--interaction', String(i), '--stream', '--cassettes', dir]);
      t.is(rendered.code, 0, rendered.stderr);
      t.regex(rendered.stderr, new RegExp(`x-mockllm-interaction: ${interaction.id}`), `${interaction.id} serves itself`);
      t.true(rendered.stdout.length > 0);
    }
  });
}

test('render prints the exact bytes of a recorded interaction', async (t) => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'rec.json'),
    JSON.stringify({
      version: 1,
      interactions: [
        {
          request: { method: 'POST', path: '/api/generate', body: { json: { model: 'llama3', prompt: 'x' } } },
          response: { status: 200, headers: { 'content-type': 'application/x-ndjson' }, stream: { framing: 'ndjson', events: [{ t: 1, data: { response: 'a', done: false } }, { t: 2, raw: '{"response":"", "done":true}\n' }] } },
        },
      ],
    }),
  );
  const r = await runCli(['render', 'rec', '--interaction', '0', '--cassettes', dir]);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, '{"response":"a","done":false}\n{"response":"", "done":true}\n');
});

test('validate reports hand-written mistakes with pointers', async (t) => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'bad.json'),
    JSON.stringify({
      version: 1,
      interactions: [
        { match: { last_user_message: { regex: '([unclosed' } }, reply: { text: 'x' } },
        { match: {}, reply: { tool_calls: [{ name: 'f', arguments: '{not json' }] } },
        { match: {}, reply: { text: 'abc', chunking: ['a', 'b'] } },
        { match: {}, request: { method: 'GET', path: '/x' }, reply: { text: 'x' } },
        { match: {}, reply: { txt: 'typo' } },
      ],
    }),
  );
  const r = await runCli(['validate', dir]);
  t.is(r.code, 1);
  t.regex(r.stdout, /bad\.json: \/interactions\/3: matches none \(or several\) of the allowed shapes/);
  t.regex(r.stdout, /bad\.json: \/interactions\/4\/reply: unknown field "txt"/);
  // Semantic checks run once the schema passes: fix the two shape errors and look again.
  const fixed = JSON.parse(readFileSync(join(dir, 'bad.json'), 'utf8'));
  fixed.interactions = fixed.interactions.slice(0, 3);
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(fixed));
  const r2 = await runCli(['validate', dir]);
  t.is(r2.code, 1);
  t.regex(r2.stdout, /\/interactions\/0\/match\/last_user_message\/regex: /);
  t.regex(r2.stdout, /\/interactions\/1\/reply\/tool_calls\/0\/arguments: /);
  t.regex(r2.stdout, /\/interactions\/2\/reply\/chunking: /);
});
