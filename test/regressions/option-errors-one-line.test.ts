/**
 * Regression: `--timing slow` or `--port abc` printed a summary and a detail line in
 * ajv's words (`must be integer`), not naming what was expected of the flag. Flags, env
 * names and option keys now come from the options schema, and a wrong value is one line
 * naming the flag (or variable) and what it expects, exit 2.
 */
import test from 'ava';
import { runCli } from '../helpers/cli.js';

for (const [args, env, name] of [
  [['replay', '--timing', 'slow'], {}, '--timing'],
  [['replay', '--port', 'abc'], {}, '--port'],
  [['replay'], { MOCKLLM_PORT: 'abc' }, 'MOCKLLM_PORT'],
  [['record', '--upstream', 'http://127.0.0.1:9', '--record-mode', 'sometimes'], {}, '--record-mode'],
] as const) {
  test(`${[...args].join(' ')} ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}: one line naming ${name}, exit 2`, async (t) => {
    const res = await runCli([...args], { env });
    t.is(res.code, 2);
    const lines = res.stderr.trim().split('\n');
    t.is(lines.length, 1, res.stderr);
    t.true(lines[0]!.startsWith(`mockllm: invalid option ${name}: expected `), lines[0]);
  });
}
