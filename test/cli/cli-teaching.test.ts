/**
 * The CLI that teaches: examples in every command's `--help`, `mockllm completion` (a
 * script bash accepts, completions that answer), and the options file found without
 * `--config` (`mockllm.config.json`, package.json's `mockllm` key) with its precedence.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { COMMAND_EXAMPLES } from '../../src/cli/command-examples.js';
import { DEMO_CASSETTE, runCli as runCliWithin, startCli } from '../helpers/cli.js';
import { tempDir } from '../integration/record-support.js';

/** The CLI to completion, with room for a loaded machine (each call starts a node). */
const runCli = (args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) => runCliWithin(args, { timeoutMs: 60_000, ...options });

const COMMANDS = ['replay', 'record', 'run', 'stop', 'validate', 'audit', 'ls', 'show', 'new', 'render', 'completion'];

test('every command\'s --help shows two or three examples', async (t) => {
  t.deepEqual(Object.keys(COMMAND_EXAMPLES).sort(), [...COMMANDS].sort(), 'one entry per command');
  for (const command of COMMANDS) {
    const help = await runCli([command, '--help']);
    t.is(help.code, 0, `${command}: ${help.stderr}`);
    const examples = help.stdout.slice(help.stdout.indexOf('\nExamples:\n'));
    t.true(examples.length > 10, `${command} --help has an Examples section:\n${help.stdout}`);
    const count = COMMAND_EXAMPLES[command]!.length;
    t.true(count >= 2 && count <= 3, command);
    for (const [line] of COMMAND_EXAMPLES[command]!) {
      // yargs wraps long lines; the first words of each example are on one line.
      const start = line.replace('$0', 'mockllm').split(' ').slice(0, 3).join(' ');
      t.true(examples.includes(start), `${command} --help shows "${start}"`);
    }
  }
});

test('mockllm completion prints a bash script that bash accepts, and the completions it asks for answer', async (t) => {
  const script = await runCli(['completion']);
  t.is(script.code, 0, script.stderr);
  t.regex(script.stdout, /complete -o bashdefault -o default -F _mockllm_yargs_completions mockllm/);
  const syntax = spawnSync('bash', ['-n'], { input: script.stdout, encoding: 'utf8' });
  t.is(syntax.status, 0, `bash -n: ${syntax.stderr}`);

  const commands = await runCli(['--get-yargs-completions', 'mockllm', '']);
  for (const command of ['replay', 'record', 'run', 'completion']) t.regex(commands.stdout, new RegExp(`^${command}$`, 'm'));
  const flags = await runCli(['--get-yargs-completions', 'mockllm', 'replay', '--str']);
  t.regex(flags.stdout, /^--strict$/m);

  const zsh = await runCli(['completion', '--shell', 'zsh']);
  t.is(zsh.code, 0);
  t.regex(zsh.stdout, /^#compdef mockllm/);
  t.regex(zsh.stdout, /compdef _mockllm_yargs_completions mockllm/);
  const hasZsh = spawnSync('zsh', ['-c', 'true']).status === 0;
  if (hasZsh) t.is(spawnSync('zsh', ['-n'], { input: zsh.stdout }).status, 0, 'zsh -n');
  else t.log('zsh is not installed here: the zsh script is checked by content only');

  const help = await runCli(['completion', '--help']);
  t.regex(help.stdout, /Examples:/, '`completion --help` is help, not the script');
});

/** A project folder with the demo cassette in `cassettes/` and `other/`. */
function project(t: import('ava').ExecutionContext): string {
  const dir = tempDir(t, 'mockllm-config-');
  for (const sub of ['cassettes', 'other']) {
    mkdirSync(join(dir, sub));
    writeFileSync(join(dir, sub, 'demo.json'), JSON.stringify(DEMO_CASSETTE));
  }
  return dir;
}

async function statusOf(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const server = await startCli(['replay', '--port', '0', ...args], { cwd, env: { MOCKLLM_CASSETTES: '', MOCKLLM_STRICT: '', MOCKLLM_LOG_LEVEL: '', ...env } });
  try {
    const health = (await (await fetch(`${server.url}/_mockllm/status`)).json()) as { cassettes: { name: string }[] };
    return { url: server.url, cassettes: health.cassettes.map((c) => c.name) };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

test('mockllm.config.json in the working directory is used without --config', async (t) => {
  const dir = project(t);
  writeFileSync(join(dir, 'other', 'only-in-other.json'), JSON.stringify(DEMO_CASSETTE));
  writeFileSync(join(dir, 'mockllm.config.json'), JSON.stringify({ cassettes: 'other', host: '127.0.0.1' }));
  t.deepEqual((await statusOf([], dir)).cassettes.sort(), ['demo', 'only-in-other']);
});

test('package.json\'s "mockllm" key is used when there is no mockllm.config.json; mockllm.config.json wins over it', async (t) => {
  const dir = project(t);
  writeFileSync(join(dir, 'other', 'only-in-other.json'), JSON.stringify(DEMO_CASSETTE));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', mockllm: { cassettes: 'other' } }));
  t.deepEqual((await statusOf([], dir)).cassettes.sort(), ['demo', 'only-in-other']);
  writeFileSync(join(dir, 'mockllm.config.json'), JSON.stringify({ cassettes: 'cassettes' }));
  t.deepEqual((await statusOf([], dir)).cassettes, ['demo']);
});

test('precedence: flags > environment > --config file > discovered file > defaults; --no-config reads neither file', async (t) => {
  const dir = project(t);
  mkdirSync(join(dir, 'third'));
  writeFileSync(join(dir, 'third', 'third.json'), JSON.stringify(DEMO_CASSETTE));
  writeFileSync(join(dir, 'other', 'other.json'), JSON.stringify(DEMO_CASSETTE));
  writeFileSync(join(dir, 'mockllm.config.json'), JSON.stringify({ cassettes: 'other', timing: 'recorded' }));
  writeFileSync(join(dir, 'ci.json'), JSON.stringify({ cassettes: 'third' }));
  const names = async (args: string[], env: NodeJS.ProcessEnv = {}) => (await statusOf(args, dir, env)).cassettes.sort();
  t.deepEqual(await names([]), ['demo', 'other'], 'discovered file over defaults');
  t.deepEqual(await names(['--config', 'ci.json']), ['third'], '--config over the discovered file');
  t.deepEqual(await names(['--config', 'ci.json'], { MOCKLLM_CASSETTES: 'cassettes' }), ['demo'], 'environment over --config');
  t.deepEqual(await names(['--config', 'ci.json', '--cassettes', 'other'], { MOCKLLM_CASSETTES: 'cassettes' }), ['demo', 'other'], 'flags over everything');
  t.deepEqual(await names(['--no-config']), ['demo'], '--no-config: the default ./cassettes');
});

test('a bad options file is one line naming the file and the JSON pointer, exit 2', async (t) => {
  const dir = project(t);
  writeFileSync(join(dir, 'mockllm.config.json'), '{ "cassettes": "other", }');
  const broken = await runCli(['replay', '--port', '0'], { cwd: dir });
  t.is(broken.code, 2);
  t.regex(broken.stderr, /^mockllm: config file mockllm\.config\.json is not valid JSON/);

  writeFileSync(join(dir, 'mockllm.config.json'), JSON.stringify({ cassets: 'other' }));
  const unknown = await runCli(['replay', '--port', '0'], { cwd: dir });
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /^mockllm: invalid option unknown option "cassets" \(mockllm\.config\.json: \/cassets\); known: cassettes, /);

  writeFileSync(join(dir, 'mockllm.config.json'), JSON.stringify({ port: 'abc' }));
  const badValue = await runCli(['replay'], { cwd: dir });
  t.is(badValue.code, 2);
  t.regex(badValue.stderr, /^mockllm: invalid option mockllm\.config\.json: \/port: expected integer, got "abc"\n$/);

  const other = tempDir(t, 'mockllm-config-');
  writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'app', mockllm: { strict: 'yes' } }));
  const inPackage = await runCli(['replay', '--port', '0'], { cwd: other });
  t.is(inPackage.code, 2);
  t.regex(inPackage.stderr, /^mockllm: invalid option package\.json: \/mockllm\/strict: expected boolean, got "yes"\n$/);

  writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'app', mockllm: ['cassettes'] }));
  const notObject = await runCli(['replay', '--port', '0'], { cwd: other });
  t.is(notObject.code, 2);
  t.regex(notObject.stderr, /^mockllm: config file package\.json: \/mockllm: expected an object of options/);
  t.notRegex(notObject.stderr, /\n\s+at /, 'no stack trace');
});

test('a package.json without a "mockllm" key is left alone', async (t) => {
  const dir = project(t);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', scripts: { test: 'ava' } }));
  t.deepEqual((await statusOf([], dir)).cassettes, ['demo']);
});
