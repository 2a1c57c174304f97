/**
 * Issue 13: the documented one-liner that reads the port of a `--detach`ed server from its
 * pid file, `node -p "require('./.mockllm/replay.pid').port"`, threw: `require` parses a
 * `.pid` file as JavaScript. Every such one-liner in README.md and docs/ must print the port.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/python.js';
import { tempDir } from '../integration/record-support.js';

const DOCS = ['README.md', 'docs/testing.md'];

test('the documented pid-file one-liner prints the port of a --detach --port 0 server', async (t) => {
  const recipes = DOCS.flatMap((doc) => [...readFileSync(join(ROOT, doc), 'utf8').matchAll(/node -p "([^"]*\.mockllm\/replay\.pid[^"]*)"/g)].map((m) => ({ doc, code: m[1]! })));
  t.true(recipes.length > 0, 'the recipe is documented');

  const cwd = tempDir(t, 'mockllm-pid-');
  const started = await runCli(['replay', '--detach', '--port', '0', '--cassettes', join(ROOT, 'test', 'examples', 'cassettes')], { cwd, timeoutMs: 60_000 });
  t.teardown(() => runCli(['stop'], { cwd, timeoutMs: 60_000 }).then(() => undefined));
  t.is(started.code, 0, started.stderr);
  const port = String((JSON.parse(readFileSync(join(cwd, '.mockllm', 'replay.pid'), 'utf8')) as { port: number }).port);
  t.regex(started.stdout, new RegExp(`listening on http://127\\.0\\.0\\.1:${port}\\n`));

  for (const { doc, code } of recipes) {
    let printed: string;
    try {
      printed = execFileSync(process.execPath, ['-p', code], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    } catch (e) {
      printed = `threw: ${(e as { stderr?: string }).stderr ?? String(e)}`;
    }
    t.is(printed, port, `${doc}: node -p "${code}"`);
  }
});
