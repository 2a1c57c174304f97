/**
 * `mockllm run [options] -- CMD [ARGS…]` as a user runs it (the built bin): a Node program
 * with the official SDKs, a shell script with curl and a pytest suite, each recording
 * through a fake upstream made of real captures and then replaying with `--strict`; the
 * command's environment; exit codes; signals passed on to the command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { BIN } from '../helpers/cli.js';
import { startFakeUpstream, type FakeRoute, type FakeUpstream } from '../helpers/fake-upstream.js';
import { pythonEnv, pythonTest, ROOT } from '../helpers/python.js';
import { tempDir } from '../integration/record-support.js';

const EXAMPLES = join(ROOT, 'test', 'examples');
const OPENAI_KEY = 'sk-proj-RunCommandRecordKey0123456789abcdefGHIJ';
const ANTHROPIC_KEY = 'sk-ant-api03-RunCommandRecordKey0123456789abcdefGHIJ';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Running {
  child: ChildProcess;
  /** Resolves once stdout has matched. */
  printed(pattern: RegExp): Promise<void>;
  done: Promise<Ran>;
}

/** The environment of this test process without anything that points SDKs or mockllm somewhere. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(MOCKLLM_|OPENAI_|OLLAMA_|ANTHROPIC_|GOOGLE_|GEMINI_|NODE_OPTIONS$)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** Starts `mockllm <args>` (stdin a pipe, as in CI: no terminal). */
function startRun(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (d) => {
    stdout += d;
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(stdout)) w.resolve();
      else waiters.push(w);
    }
  });
  child.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const done = new Promise<Ran>((resolve) => {
    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    };
    child.on('close', settle);
    // A grandchild left holding the pipes must not keep the test waiting forever.
    child.on('exit', (code) => setTimeout(() => settle(code), 5_000).unref());
  });
  return {
    child,
    done,
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        if (pattern.test(stdout)) return resolve();
        waiters.push({ pattern, resolve });
        void done.then((r) => reject(new Error(`exited ${r.code} before printing ${pattern}:\n${r.stdout}\n${r.stderr}`)));
      }),
  };
}

const runToEnd = (args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) => startRun(args, options).done;

/** Real captures behind one upstream URL: OpenAI chat (plain and streamed), Anthropic messages, Ollama chat. */
async function captureUpstream(t: ExecutionContext): Promise<FakeUpstream> {
  const streamed = (wanted: boolean) => (req: { body: Buffer }) => JSON.parse(req.body.toString('utf8')).stream === wanted;
  const routes: FakeRoute[] = [
    { capture: 'openai/chat-nonstream', match: (req) => !JSON.parse(req.body.toString('utf8')).stream },
    { capture: 'openai/chat-stream', match: streamed(true) },
    { capture: 'anthropic/messages-nonstream' },
    { capture: 'ollama/chat-nonstream' },
  ];
  const up = await startFakeUpstream({ routes });
  t.teardown(() => up.close());
  return up;
}

/** Records `command` through the fake upstream, then replays it with `--strict`, never reaching the upstream. */
async function recordThenReplay(t: ExecutionContext, command: string[], expected: { requests: number; stdout: RegExp[] }, env: NodeJS.ProcessEnv = {}) {
  t.timeout(240_000); // two runs of a program that starts its own runtime; generous for a loaded machine
  const dir = tempDir(t, 'mockllm-run-');
  const cassettes = join(dir, 'cassettes');
  const up = await captureUpstream(t);

  const recording = await runToEnd(['run', '--record', '--upstream', up.url, '--cassettes', cassettes, '--', ...command], {
    cwd: dir,
    env: { ...env, OPENAI_API_KEY: OPENAI_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY },
  });
  t.is(recording.code, 0, `${recording.stdout}\n${recording.stderr}`);
  for (const pattern of expected.stdout) t.regex(recording.stdout, pattern);
  t.regex(recording.stderr, new RegExp(`mockllm record summary: ${expected.requests} requests, 0 hits, 0 misses, ${expected.requests} recorded`));
  t.is(up.requests.length, expected.requests, 'every request went to the upstream');
  const text = readFileSync(join(cassettes, 'default.json'), 'utf8');
  t.is((JSON.parse(text) as { interactions: unknown[] }).interactions.length, expected.requests);
  t.false(text.includes(OPENAI_KEY) || text.includes(ANTHROPIC_KEY), 'keys go upstream, never to disk');

  const replaying = await runToEnd(['run', '--strict', '--cassettes', cassettes, '--', ...command], { cwd: dir, env });
  t.is(replaying.code, 0, `${replaying.stdout}\n${replaying.stderr}`);
  const untimed = (text: string) => text.replace(/ in [\d.]+s\b/g, ' in …s');
  t.is(untimed(replaying.stdout), untimed(recording.stdout), 'the replay prints what the recording printed');
  t.regex(replaying.stderr, new RegExp(`mockllm replay summary: ${expected.requests} requests, ${expected.requests} hits, 0 misses, 0 recorded`));
  t.is(up.requests.length, expected.requests, 'replay never reaches the upstream');
}

test('a Node program with the official SDKs (openai, @anthropic-ai/sdk, ollama): recorded, then replayed with --strict', async (t) => {
  await recordThenReplay(t, [process.execPath, join(EXAMPLES, 'run', 'node-client.mjs')], {
    requests: 4,
    stdout: [/^openai: "Why did the Opentelemetry developer go broke\?/m, /^openai stream: "Why /m, /^anthropic: "Sure, here's a joke about OpenTelemetry/m, /^ollama: "A joke about OpenTelemetry!/m],
  });
});

test('a shell script with curl: recorded, then replayed with --strict', async (t) => {
  await recordThenReplay(t, ['sh', join(EXAMPLES, 'run', 'curl-client.sh')], { requests: 2, stdout: [/^openai: ok\nollama: ok\n$/] });
});

pythonTest('a pytest suite (httpx): recorded, then replayed with --strict', async (t, py) => {
  t.log(py.versions);
  await recordThenReplay(t, [py.python, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', join(EXAMPLES, 'run', 'pytest')], { requests: 3, stdout: [/4 passed/] }, pythonEnv(py));
});

test('the command gets the SDK variables; dummy keys only where unset, and only in replay', async (t) => {
  const printEnv = [process.execPath, '-e', 'for (const k of Object.keys(process.env).filter((k) => /^(MOCKLLM_URL|OPENAI|ANTHROPIC|GOOGLE|GEMINI|OLLAMA)/.test(k)).sort()) console.log(`${k}=${process.env[k]}`)'];
  const replay = await runToEnd(['run', '--cassettes', join(EXAMPLES, 'cassettes'), '--', ...printEnv], { env: { ANTHROPIC_API_KEY: 'sk-ant-mine' } });
  t.is(replay.code, 0, replay.stderr);
  const url = /^MOCKLLM_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(replay.stdout)?.[1];
  t.truthy(url, replay.stdout);
  t.is(
    replay.stdout,
    [
      'ANTHROPIC_API_KEY=sk-ant-mine',
      `ANTHROPIC_BASE_URL=${url}`,
      'GEMINI_API_KEY=mockllm-replay-no-key',
      `GOOGLE_GEMINI_BASE_URL=${url}`,
      `MOCKLLM_URL=${url}`,
      `OLLAMA_HOST=${url}`,
      `OPENAI_API_BASE=${url}/v1`,
      'OPENAI_API_KEY=mockllm-replay-no-key',
      `OPENAI_BASE_URL=${url}/v1`,
      '',
    ].join('\n'),
  );
  // MOCKLLM_MODE=record works as --record does; nothing invented for the keys the upstream checks.
  const record = await runToEnd(['run', '--upstream', 'http://127.0.0.1:9', '--cassettes', tempDir(t, 'mockllm-run-'), '--', ...printEnv], { env: { MOCKLLM_MODE: 'record' } });
  t.is(record.code, 0, record.stderr);
  t.notRegex(record.stdout, /API_KEY/);
  t.regex(record.stderr, /mockllm record summary: 0 requests/);
});

test('exit codes: the command\'s own; 1 when it passed but --strict found misses or unused; its failure wins over --strict', async (t) => {
  const cassettes = join(EXAMPLES, 'cassettes');
  const exit7 = await runToEnd(['run', '--cassettes', cassettes, '--', process.execPath, '-e', 'process.exit(7)']);
  t.is(exit7.code, 7);
  t.regex(exit7.stderr, /mockllm replay summary: 0 requests/, 'the summary is printed whatever the command did');

  const askHello = `fetch(process.env.OPENAI_BASE_URL + '/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: process.argv[1] }] }) }).then((r) => console.log(r.status))`;
  const unusedStrict = await runToEnd(['run', '--strict', '--cassettes', cassettes, '--', process.execPath, '-e', askHello, 'Say hello']);
  t.is(unusedStrict.code, 1, 'two interactions were never requested');
  t.is(unusedStrict.stdout, '200\n');
  t.regex(unusedStrict.stderr, /unused interactions \(2\):\n {2}chat#hello-stream\n {2}chat#ollama-hello/);

  const missStrict = await runToEnd(['run', '--strict', '--cassette', 'chat', '--cassettes', cassettes, '--', process.execPath, '-e', askHello, 'Say goodbye']);
  t.is(missStrict.code, 1);
  t.is(missStrict.stdout, '404\n');
  t.regex(missStrict.stderr, /MISS mockllm: no recorded interaction in cassette "chat" matches POST \/v1\/chat\/completions/, 'misses print their explanation at the default log level');

  const notStrict = await runToEnd(['run', '--cassettes', cassettes, '--', process.execPath, '-e', askHello, 'Say goodbye']);
  t.is(notStrict.code, 0, 'without --strict a miss is the command\'s business');

  const both = await runToEnd(['run', '--strict', '--cassettes', cassettes, '--', process.execPath, '-e', 'process.exit(5)']);
  t.is(both.code, 5);
});

const SIGNAL_AWARE = `
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => { console.log('command got ' + s); process.exit(s === 'SIGTERM' ? 42 : 43); });
console.log('command ready');
setInterval(() => {}, 1000);
`;

for (const [signal, code] of [['SIGTERM', 42], ['SIGINT', 43]] as const) {
  test(`${signal} to mockllm run reaches the command; then the server stops and run exits with the command's code`, async (t) => {
    const run = startRun(['run', '--cassettes', join(EXAMPLES, 'cassettes'), '--', process.execPath, '-e', SIGNAL_AWARE]);
    await run.printed(/command ready/);
    run.child.kill(signal);
    const r = await run.done;
    t.is(r.code, code, r.stderr);
    t.is(r.stdout, `command ready\ncommand got ${signal}\n`);
    t.regex(r.stderr, /mockllm replay summary: 0 requests/);
  });
}

test('a command that a forwarded signal ends: run exits 128 + the signal number, as a shell reports it', async (t) => {
  const run = startRun(['run', '--cassettes', join(EXAMPLES, 'cassettes'), '--', process.execPath, '-e', 'console.log("command ready"); setInterval(() => {}, 1000)']);
  await run.printed(/command ready/);
  run.child.kill('SIGTERM');
  const r = await run.done;
  t.is(r.code, 128 + 15);
  t.regex(r.stderr, /mockllm replay summary/);
});

test('user mistakes: no command, bad options (the command never runs), a command that is not there', async (t) => {
  const dir = tempDir(t, 'mockllm-run-');
  const noCommand = await runToEnd(['run', '--cassettes', join(EXAMPLES, 'cassettes')]);
  t.is(noCommand.code, 2);
  t.regex(noCommand.stderr, /^mockllm: run needs the command after `--`: mockllm run \[options\] -- CMD/);

  const marker = join(dir, 'ran');
  const touch = [process.execPath, '-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, '')`];
  const badTiming = await runToEnd(['run', '--timing', 'sometimes', '--cassettes', join(EXAMPLES, 'cassettes'), '--', ...touch]);
  t.is(badTiming.code, 2);
  t.regex(badTiming.stderr, /--timing/);
  t.notRegex(badTiming.stderr, /\n\s+at /, 'no stack trace for a user mistake');
  const noDir = await runToEnd(['run', '--cassettes', join(dir, 'missing'), '--', ...touch]);
  t.is(noDir.code, 2, noDir.stderr);
  t.false(existsSync(marker), 'the command does not run when the server cannot start');

  const missing = await runToEnd(['run', '--cassettes', join(EXAMPLES, 'cassettes'), '--', 'mockllm-no-such-command']);
  t.is(missing.code, 127);
  t.regex(missing.stderr, /cannot run "mockllm-no-such-command": ENOENT \(not found on PATH\)/);
});

test('flags after `--` belong to the command, exactly as typed', async (t) => {
  const dir = tempDir(t, 'mockllm-run-');
  mkdirSync(join(dir, 'cassettes'));
  writeFileSync(join(dir, 'args.mjs'), 'console.log(JSON.stringify(process.argv.slice(2)))\n');
  const r = await runToEnd(['run', '--cassettes', join(dir, 'cassettes'), '--', process.execPath, join(dir, 'args.mjs'), '--port', '1e3', '007', '--', '-x']);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, '["--port","1e3","007","--","-x"]\n');
});
