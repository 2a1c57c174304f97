/**
 * Regression: `mockllm --version` printed the version of the package.json nearest to the
 * working directory (the host project's), not mockllm's own.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

const OWN = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

test('--version prints mockllm’s own version from inside another project', async (t) => {
  const project = tempCassetteDir(t, { 'package.json': { name: 'host-app', version: '9.8.7' } });
  const res = await runCli(['--version'], { cwd: project });
  t.is(res.code, 0);
  t.is(res.stdout.trim(), OWN);
});
