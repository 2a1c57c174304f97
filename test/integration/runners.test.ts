/**
 * The runner helpers in real test files, run by the real runners as subprocesses: the
 * examples of docs/testing.md (test/examples/<runner>/) must pass, and each runner's
 * `must-fail/` file — a request nobody recorded — must fail, saying why. The `MOCKLLM_MODE`
 * switch turns the same suite into a recording run. Uses the build (`npm run build`): the
 * examples import `mockllm/ava`, `mockllm/vitest`, `mockllm/node-test` as users do.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { Cassette, RecordedInteraction, StoredEvent } from '../../src/cassette/types.js';
import { startFakeUpstream, type FakeRoute } from '../helpers/fake-upstream.js';
import { tempDir } from '../helpers/replay-fixture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(ROOT, 'test/examples');
const bin = (p: string) => join(ROOT, 'node_modules', p);

interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to completion with a clean environment (no mockllm or SDK variables from this process). */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(MOCKLLM_|OPENAI_|OLLAMA_|ANTHROPIC_|GOOGLE_|GEMINI_|AVA_|VITEST|JEST_|NODE_OPTIONS$|TEST_WORKER)/.test(k)) clean[k] = v;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...clean, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 80_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const ava = (files: string[], env?: NodeJS.ProcessEnv) => run([bin('ava/entrypoints/cli.mjs'), '--config', 'test/examples/ava/ava.config.mjs', ...files], env);
const vitest = (filters: string[]) => run([bin('vitest/vitest.mjs'), 'run', '--config', 'test/examples/vitest/vitest.config.mjs', ...filters]);
const jest = (filter: string) => run(['--experimental-vm-modules', bin('jest/bin/jest.js'), '--config', 'test/examples/jest/jest.config.mjs', filter]);
const nodeTest = (files: string[], env?: NodeJS.ProcessEnv) => run(['--test', ...files], env);

test.before((t) => {
  if (!existsSync(join(ROOT, 'dist/runners/ava.js'))) t.fail('run `npm run build` first: the examples import the built package');
});

/** What every must-fail run prints: which request, the closest interaction and the differing pointer. */
function assertMissExplained(t: import('ava').ExecutionContext, r: Run): void {
  t.is(r.code, 1, r.output);
  t.regex(r.output, /matched no recorded interaction/);
  t.regex(r.output, /closest: chat#hello/);
  t.regex(r.output, /\/messages\/0\/content/);
}

test.serial('ava: two example files, each with its own server, pass', async (t) => {
  const r = await ava(['test/examples/ava/chat.test.mjs', 'test/examples/ava/second-file.test.mjs']);
  t.is(r.code, 0, r.output);
  t.regex(r.output, /3 tests passed/);
});

test.serial('ava: a miss fails the test', async (t) => {
  const r = await ava(['test/examples/ava/must-fail/miss.test.mjs']);
  assertMissExplained(t, r);
  t.regex(r.output, /afterEach\.always hook for asks something that was never recorded/);
});

test.serial('vitest: the examples pass, over a server and in-process', async (t) => {
  const r = await vitest(['chat', 'in-process']);
  t.is(r.code, 0, r.output);
  t.regex(r.output, /Tests\s+3 passed/);
});

test.serial('vitest: a miss fails the test', async (t) => {
  const r = await vitest(['must-fail']);
  assertMissExplained(t, r);
  t.regex(r.output, /Tests\s+1 failed/);
});

test.serial('jest (mockllm/vitest through jest globals): the example passes', async (t) => {
  const r = await jest('chat');
  t.is(r.code, 0, r.output);
  t.regex(r.output, /Tests:\s+2 passed/);
});

test.serial('jest: a miss fails the test', async (t) => {
  const r = await jest('must-fail');
  assertMissExplained(t, r);
});

test.serial('node:test: the example passes (OpenAI and Ollama clients)', async (t) => {
  const r = await nodeTest(['test/examples/node-test/chat.test.mjs']);
  t.is(r.code, 0, r.output);
  t.regex(r.output, /# pass 3/);
});

test.serial('node:test: a miss fails the test, unused interactions fail the file (failOnUnused)', async (t) => {
  const r = await nodeTest(['test/examples/node-test/must-fail/miss.test.mjs']);
  assertMissExplained(t, r);
  t.regex(r.output, /MOCKLLM_E_UNUSED/);
  t.regex(r.output, /chat#hello-stream/);
});

test.serial('MOCKLLM_MODE=record + MOCKLLM_UPSTREAM: the same suite records, then replays what it recorded', async (t) => {
  const example = JSON.parse(readFileSync(join(EXAMPLES, 'cassettes/chat.json'), 'utf8')) as Cassette;
  const upstream = await startFakeUpstream({ routes: routesFor(example) });
  const dir = tempDir();
  try {
    const recording = await nodeTest(['test/examples/node-test/chat.test.mjs'], {
      MOCKLLM_MODE: 'record',
      MOCKLLM_UPSTREAM: upstream.url,
      MOCKLLM_CASSETTES: dir,
      OPENAI_API_KEY: 'sk-recording-key-not-to-be-written',
    });
    t.is(recording.code, 0, recording.output);
    t.is(upstream.requests.length, 3, 'every request went to the upstream');
    const file = join(dir, 'chat.json');
    t.true(existsSync(file), 'the cassette is named after the test file');
    const text = readFileSync(file, 'utf8');
    t.false(text.includes('sk-recording-key'), 'keys are never written');
    t.is((JSON.parse(text) as Cassette).interactions.length, 3);

    const replaying = await nodeTest(['test/examples/node-test/chat.test.mjs'], { MOCKLLM_CASSETTES: dir });
    t.is(replaying.code, 0, replaying.output);
    t.is(upstream.requests.length, 3, 'replay never reaches the upstream');
  } finally {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Fake upstream routes answering the example requests with the example cassette's responses. */
function routesFor(cassette: Cassette): FakeRoute[] {
  return (cassette.interactions as RecordedInteraction[]).map((i) => {
    const json = (i.request.body as { json: Record<string, unknown> }).json;
    const route: FakeRoute = {
      method: i.request.method,
      path: i.request.path,
      match: (req) => JSON.parse(req.body.toString('utf8')).stream === json.stream,
      status: i.response.status,
      headers: { ...(i.response.headers as Record<string, string>) },
    };
    if (i.response.stream) route.frames = i.response.stream.events.map(sseFrame);
    else route.body = JSON.stringify((i.response.body as { json: unknown }).json);
    return route;
  });
}

function sseFrame(e: StoredEvent): Buffer {
  return Buffer.from(`data: ${e.text ?? JSON.stringify(e.data)}\n\n`);
}
