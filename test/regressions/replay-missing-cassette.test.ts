/**
 * Regression: `replay --cassette NAME` for a cassette that does not exist started a server
 * whose every request missed; and any broken cassette in the directory stopped a replay
 * scoped to another one. Now the first is one line naming the directory and the cassettes
 * found (exit 2), and a scoped replay loads and validates only the cassettes in scope.
 */
import test from 'ava';
import { startReplay } from '../../src/index.js';
import { DEMO_CASSETTE, runCli, startCli } from '../helpers/cli.js';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

test('replay --cassette NAME for a missing cassette: one line naming the directory and what it holds, exit 2', async (t) => {
  const dir = tempCassetteDir(t, { 'demo.json': DEMO_CASSETTE, 'team/other.json': DEMO_CASSETTE });
  const res = await runCli(['replay', '--cassettes', dir, '--cassette', 'nope', '--port', '0']);
  t.is(res.code, 2);
  const lines = res.stderr.trim().split('\n');
  t.is(lines.length, 1, res.stderr);
  t.true(lines[0]!.includes(dir));
  t.regex(lines[0]!, /demo, team\/other/);
});

test('a scoped replay (CLI and library) is not stopped by a broken cassette out of scope', async (t) => {
  const dir = tempCassetteDir(t, { 'demo.json': DEMO_CASSETTE, 'broken.json': '{"version": 1, "interactions": [ {"oops": true} ]}' });
  const server = await startCli(['replay', '--cassettes', dir, '--cassette', 'demo', '--port', '0', '--log-level', 'silent']);
  t.teardown(() => server.child.kill('SIGKILL'));
  const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });
  t.is(res.status, 200);
  t.is(res.headers.get('x-mockllm-cassette'), 'demo');

  const handle = await startReplay({ cassettes: dir, cassette: 'demo' });
  t.teardown(() => handle.close());
  const viaLibrary = await fetch(`${handle.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });
  t.is(viaLibrary.status, 200);
  // Unscoped, the broken file still stops the load, naming it.
  const unscoped = await runCli(['replay', '--cassettes', dir, '--port', '0']);
  t.is(unscoped.code, 2);
  t.regex(unscoped.stderr, /broken\.json/);
});
