/**
 * docs/import.md stays true: its example inputs are what the generator builds from the
 * captures, its commands run as written (from the repository root) and print what the
 * doc shows, and its Postman snippet is what the import writes.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { CLI_TIMEOUT } from '../helpers/import-fixture.js';
import { tempDir } from '../helpers/replay-fixture.js';
import { buildImportExamples, IMPORT_EXAMPLES_DIR } from '../fixtures/make-import-examples.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = readFileSync(`${ROOT}docs/import.md`, 'utf8');
const DEMO_DIR = '/tmp/mockllm-demo';

/** Each `npx mockllm import …` command of the doc with the output block that follows it. */
function documentedRuns(): Array<{ command: string; output: string }> {
  const runs: Array<{ command: string; output: string }> = [];
  const re = /```sh\n(npx mockllm import [^\n]+)\n```\n\n```\n([\s\S]*?)```/g;
  for (const m of DOC.matchAll(re)) runs.push({ command: m[1]!, output: m[2]! });
  return runs;
}

test('the committed example inputs are up to date (npx tsx test/fixtures/make-import-examples.ts)', (t) => {
  for (const [file, text] of Object.entries(buildImportExamples())) t.is(readFileSync(`${IMPORT_EXAMPLES_DIR}${file}`, 'utf8'), text, file);
});

test('one runnable example per format', (t) => {
  t.deepEqual(documentedRuns().map((r) => r.command.split(' ')[3]), ['har', 'vcr', 'postman']);
});

test.serial('the documented commands run from the repository root and print what the doc shows', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const { command, output } of documentedRuns()) {
    t.true(command.includes(DEMO_DIR));
    const args = command.replace('npx mockllm ', '').replaceAll(DEMO_DIR, dir).split(' ');
    const r = await runCli(args, { cwd: ROOT, ...CLI_TIMEOUT });
    t.is(r.code, 0, `${command}\n${r.stderr}`);
    t.is(r.stdout, output.replaceAll(DEMO_DIR, dir), command);
  }
  const validate = await runCli(['validate', dir], CLI_TIMEOUT);
  t.is(validate.code, 0, validate.stdout);
  const audit = await runCli(['audit', dir], CLI_TIMEOUT);
  t.is(audit.code, 0, audit.stdout);
  // The Postman snippet in the doc is the first interaction the import wrote.
  const snippet = /```json\n(\{\n  "id": "postman:[\s\S]*?)\n```/.exec(DOC)![1]!;
  const written = JSON.parse(readFileSync(`${dir}/support-bot.json`, 'utf8')).interactions[0];
  t.deepEqual(JSON.parse(snippet), written);
});
