/**
 * Regression: the cassette `mockllm new` writes had a catch-all rule (path and provider
 * only) that answered every chat request in the directory, so an unrecorded request for
 * any model got an echo instead of a miss. Its rules are now scoped to the example model.
 */
import test from 'ava';
import { runCli, startCli } from '../helpers/cli.js';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

test('after `mockllm new`, a request for another model is still a miss; the example model is answered', async (t) => {
  const dir = tempCassetteDir(t);
  const created = await runCli(['new', 'examples', '--provider', 'openai', '--cassettes', dir]);
  t.is(created.code, 0, created.stderr);
  const server = await startCli(['replay', '--cassettes', dir, '--port', '0', '--log-level', 'silent']);
  t.teardown(() => server.child.kill('SIGKILL'));
  const ask = (model: string) =>
    fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello there' }] }) });
  const other = await ask('gpt-4.1-my-app');
  t.is(other.status, 404);
  t.is(other.headers.get('x-mockllm-miss'), '1');
  await other.arrayBuffer();
  const example = await ask('gpt-4o-mini');
  t.is(example.status, 200);
  await example.arrayBuffer();
});
