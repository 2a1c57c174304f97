/**
 * Regression: hand-written checks registered themselves into a global when the server
 * extensions were imported, so `runValidate` (and the validator under it), imported alone,
 * called an invalid `match.model.regex` valid. Each import is tried in its own process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

const run = promisify(execFile);
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

const INVALID = { version: 1, interactions: [{ match: { path: '/v1/chat/completions', model: { regex: '(' } }, reply: { text: 'x' } }] };

test('runValidate, imported alone, reports an invalid match.model.regex (exit 1)', async (t) => {
  const dir = tempCassetteDir(t, { 'bad.json': INVALID });
  const script = `const { runValidate } = await import(${JSON.stringify(join(DIST, 'cli/commands/validate.js'))});
    const code = await runValidate([${JSON.stringify(dir)}], { ignore: [], headers: [] }, false);
    process.stdout.write('exit=' + code + '\\n');`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  t.regex(stdout, /bad\.json: \/interactions\/0\/match\/model\/regex: /);
  t.regex(stdout, /exit=1/);
});

test('the cassette validator, imported alone, gives the same answer as the exported validateCassette', async (t) => {
  const script = `const { cassetteProblems } = await import(${JSON.stringify(join(DIST, 'cassette/validate.js'))});
    const alone = cassetteProblems(${JSON.stringify(INVALID)}, { key: { ignore: [], headers: [] }, checkStoredKeys: true });
    const { validateCassette } = await import(${JSON.stringify(join(DIST, 'index.js'))});
    const exported = validateCassette(${JSON.stringify(INVALID)});
    process.stdout.write(JSON.stringify({ alone, exported }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  const { alone, exported } = JSON.parse(stdout) as { alone: { pointer: string }[]; exported: { pointer: string }[] };
  t.deepEqual(alone.map((p) => p.pointer), ['/interactions/0/match/model/regex']);
  t.deepEqual(alone, exported);
});
