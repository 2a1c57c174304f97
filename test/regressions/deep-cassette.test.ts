/**
 * Regression: a cassette whose request body nests 10,000 levels deep passed `validate`,
 * and crashed `ls`, `audit` and `replay` with a stack trace. Now `validate` names the file
 * and JSON pointer (exit 1), and the other commands say it in one line.
 */
import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { nestedArrays, tempCassetteDir } from '../helpers/temp-cassettes.js';

function deepCassette(): string {
  return `{"version":1,"interactions":[{"request":{"method":"POST","path":"/v1/chat/completions","body":{"json":{"model":"x","messages":${nestedArrays(10_000)}}}},"response":{"status":200,"body":{"json":{}}}}]}`;
}

test('validate rejects a 10,000-deep cassette naming file and pointer; ls, audit and replay fail in one line, no stack trace', async (t) => {
  const dir = tempCassetteDir(t, { 'deep.json': deepCassette() });
  const validate = await runCli(['validate', dir]);
  t.is(validate.code, 1);
  t.regex(validate.stdout, /deep\.json: \/interactions\/0\/request\/body\/json\/messages(\/0)+: JSON nested deeper than 1000 levels/);

  for (const args of [['ls', '--cassettes', dir], ['audit', dir], ['replay', '--cassettes', dir, '--port', '0']]) {
    const res = await runCli(args);
    t.not(res.code, 0, args[0]);
    t.notRegex(res.stderr + res.stdout, /\n\s+at |RangeError|Maximum call stack/, args[0]);
    t.regex(res.stderr + res.stdout, /deep\.json/, args[0]);
  }
});

test('validate rejects a recorded request body that is deeper than a live request may be, also when stored as text', async (t) => {
  const body = `{"model":"x","messages":${nestedArrays(1500)}}`;
  const cassette = { version: 1, interactions: [{ request: { method: 'POST', path: '/v1/chat/completions', body: { text: body } }, response: { status: 200 } }] };
  const dir = tempCassetteDir(t, { 'text.json': cassette });
  const validate = await runCli(['validate', dir]);
  t.is(validate.code, 1);
  t.regex(validate.stdout, /text\.json: \/interactions\/0\/request\/body: the request body nests JSON deeper than 1000 levels/);
});
