/**
 * Regression: a CR/LF in a stored response header value passed `validate`, and replay
 * answered the request with a 500. Now validation names the header's pointer, so `validate`
 * exits 1 and replay refuses the cassette at load.
 */
import test from 'ava';
import { runCli } from '../helpers/cli.js';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

const CASSETTE = {
  version: 1,
  interactions: [
    {
      request: { method: 'GET', path: '/v1/models' },
      response: { status: 200, headers: { 'content-type': 'application/json', 'x-note': 'one\r\nset-cookie: evil=1' }, body: { json: { data: [] } } },
    },
  ],
};

test('validate names an invalid stored header value; replay refuses the cassette instead of answering 500', async (t) => {
  const dir = tempCassetteDir(t, { 'crlf.json': CASSETTE });
  const validate = await runCli(['validate', dir]);
  t.is(validate.code, 1);
  t.regex(validate.stdout, /crlf\.json: \/interactions\/0\/response\/headers\/x-note: not a valid header value/);
  const replay = await runCli(['replay', '--cassettes', dir, '--port', '0']);
  t.is(replay.code, 2);
  t.regex(replay.stderr, /crlf\.json: \/interactions\/0\/response\/headers\/x-note/);
  t.notRegex(replay.stderr, /\n\s+at /);
});
