/**
 * `mockllm import har`: a HAR 1.2 file generated from every real capture (test/helpers/
 * har-writer.ts, following the HAR spec) is imported through the CLI, and a replay server
 * gives each capture back byte for byte, event by event — to a raw socket and to the
 * official clients.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { startReplay } from '../../src/api/start-server.js';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import type { RecordedInteraction } from '../../src/cassette/types.js';
import { allCaptures, loadCapture } from '../helpers/captures.js';
import { captureFrames } from '../helpers/capture-cassette.js';
import { runCli } from '../helpers/cli.js';
import { HAR_RECEIVE_MS_PER_EVENT, HAR_WAIT_MS, harEntry, harLog } from '../helpers/har-writer.js';
import { CLIENT_SCENARIOS, captureText } from '../helpers/import-clients.js';
import { CLI_TIMEOUT, assertReplaysCapture, importWorkspace, type ImportWorkspace } from '../helpers/import-fixture.js';
import { tempDir } from '../helpers/replay-fixture.js';

const captures = allCaptures();
let ws: ImportWorkspace;
let server: MockllmHandle;
let importOutput = '';

test.before(async () => {
  // One workspace for the whole file: the import is what is under test, once.
  ws = importWorkspace();
  const entries = captures.map((c, i) =>
    harEntry(c, i, {
      // Some tools export the wire bytes of a compressed response (base64) instead of the decoded text.
      wireBytes: c.id === 'openai/chat-nonstream',
      // And binary-safe exporters base64 everything.
      base64: c.id === 'openai/embeddings',
    }),
  );
  // A page asset in the same capture, which is no LLM call.
  const asset = { ...harEntry(loadCapture('openai/chat-nonstream'), captures.length), request: { method: 'GET', url: 'https://example.com/api/users?page=2', httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 } };
  const file = ws.input('session.har', `${JSON.stringify(harLog([...entries, asset]), null, 2)}\n`);
  const r = await ws.run('har', [file], 'from-har');
  if (r.code !== 0) throw new Error(`import failed (${r.code}): ${r.stderr}`);
  importOutput = r.stdout;
  server = await startReplay({ cassettes: ws.cassettes });
});
test.after.always(async () => {
  await server?.close();
  ws?.remove();
});

test('the import reports every capture imported and the page asset skipped', (t) => {
  t.regex(importOutput, new RegExp(`session\\.har: imported ${captures.length}, skipped 1: 1 not an LLM API call`));
  t.is(ws.cassette('from-har').interactions.length, captures.length);
});

test('the imported cassette validates and passes audit', async (t) => {
  const validate = await runCli(['validate', ws.cassettes], CLI_TIMEOUT);
  t.is(validate.code, 0, validate.stdout);
  const audit = await runCli(['audit', ws.cassettes], CLI_TIMEOUT);
  t.is(audit.code, 0, audit.stdout);
});

test('stream events are spread over timings.receive, and the cassette says so', (t) => {
  const cassette = ws.cassette('from-har');
  t.regex(String((cassette.meta?.imported as Record<string, { timing: string }>)['har:session.har']!.timing), /timings\.receive/);
  const c = loadCapture('openai/chat-stream');
  const i = cassette.interactions[captures.indexOf(captures.find((x) => x.id === c.id)!)] as RecordedInteraction;
  const n = captureFrames(c).frames.length;
  const head = 2 + HAR_WAIT_MS;
  t.is(i.response.timing?.headers_ms, head);
  t.deepEqual(
    i.response.stream!.events.map((e) => e.t),
    Array.from({ length: n }, (_, k) => Math.round(head + (n * HAR_RECEIVE_MS_PER_EVENT * (k + 1)) / n)),
  );
});

for (const capture of captures) {
  test(`replays ${capture.id} as captured`, async (t) => {
    await assertReplaysCapture(t, server, 'from-har', capture);
  });
}

for (const scenario of CLIENT_SCENARIOS) {
  (scenario.serial ? test.serial : test)(`${scenario.client} SDK gets ${scenario.capture} from the imported HAR`, async (t) => {
    const capture = loadCapture(scenario.capture);
    const outcome = await scenario.run(server, 'from-har');
    t.is(outcome.bodies.length, 1);
    t.true(outcome.bodies[0]!.equals(capture.body), 'the client received the captured bytes');
    t.is(outcome.text, captureText(capture));
  });
}

test('importing the same HAR again, into a new cassette or the same one, gives the same bytes', async (t) => {
  const dir = tempDir();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const into = (cassettes: string) => runCli(['import', 'har', join(ws.dir, 'session.har'), '--cassette', 'from-har', '--cassettes', cassettes], { cwd: ws.dir, ...CLI_TIMEOUT });
  const fresh = await into(join(dir, 'cassettes'));
  t.is(fresh.code, 0, fresh.stderr);
  t.is(readFileSync(join(dir, 'cassettes', 'from-har.json'), 'utf8'), ws.cassetteText('from-har'), 'a second, independent import: identical bytes');
  const again = await into(ws.cassettes);
  t.is(again.code, 0, again.stderr);
  t.regex(again.stdout, /unchanged/);
});
