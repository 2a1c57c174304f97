/**
 * `mockllm import vcr`: vcrpy cassettes generated from every real capture in vcrpy's own
 * YAML layout (test/helpers/vcr-writer.ts: `!!binary` gzip bodies with their
 * content-encoding kept), and a pydantic-ai-style cassette (`parsed_body` mappings, SSE as
 * one block), are imported through the CLI; a replay server gives each capture back byte
 * for byte, event by event — to a raw socket and to the official clients.
 */
import test from 'ava';
import { startReplay } from '../../src/api/start-server.js';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import type { RecordedInteraction } from '../../src/cassette/types.js';
import { allCaptures, loadCapture } from '../helpers/captures.js';
import { runCli } from '../helpers/cli.js';
import { CLIENT_SCENARIOS, captureText } from '../helpers/import-clients.js';
import { CLI_TIMEOUT, assertReplaysCapture, importWorkspace, type ImportWorkspace } from '../helpers/import-fixture.js';
import { pydanticCassetteText, vcrCassetteText } from '../helpers/vcr-writer.js';

const captures = allCaptures();
/** pydantic-ai's cassettes are the source of these captures; its serializer is the variant. */
const pydanticCaptures = captures.filter((c) => c.meta.source_repo === 'pydantic/pydantic-ai');
let ws: ImportWorkspace;
let server: MockllmHandle;
const outputs: Record<string, string> = {};

test.before(async () => {
  ws = importWorkspace();
  const runs = {
    vcrpy: ws.run('vcr', [ws.input('test_all.yaml', vcrCassetteText(captures))], 'from-vcr'),
    pydantic: ws.run('vcr', [ws.input('test_pydantic.yaml', pydanticCassetteText(pydanticCaptures))], 'from-pydantic'),
  };
  for (const [name, run] of Object.entries(runs)) {
    const r = await run;
    if (r.code !== 0) throw new Error(`${name} import failed (${r.code}): ${r.stderr}`);
    outputs[name] = r.stdout;
  }
  server = await startReplay({ cassettes: ws.cassettes });
});
test.after.always(async () => {
  await server?.close();
  ws?.remove();
});

test('every interaction of both cassettes is imported, validates and passes audit', async (t) => {
  t.regex(outputs.vcrpy!, new RegExp(`test_all\\.yaml: imported ${captures.length}\\n`));
  t.regex(outputs.pydantic!, new RegExp(`test_pydantic\\.yaml: imported ${pydanticCaptures.length}\\n`));
  t.true(pydanticCaptures.length >= 4, 'the pydantic-ai variant covers several captures');
  t.is((await runCli(['validate', ws.cassettes], CLI_TIMEOUT)).code, 0);
  const audit = await runCli(['audit', ws.cassettes], CLI_TIMEOUT);
  t.is(audit.code, 0, audit.stdout);
});

test('a gzip response stored as !!binary wire bytes is imported decoded, without content-encoding', (t) => {
  const capture = captures.find((c) => c.wireGzip !== undefined)!;
  const i = ws.cassette('from-vcr').interactions[captures.indexOf(capture)] as RecordedInteraction;
  t.is(i.response.headers?.['content-encoding'], undefined);
  t.truthy(i.response.body, `${capture.id} has a body`);
});

test('vcrpy records no timing: offsets are 0, and the cassette says so', (t) => {
  const cassette = ws.cassette('from-vcr');
  t.regex(String((cassette.meta?.imported as Record<string, { timing: string }>)['vcr:test_all.yaml']!.timing), /no timing/);
  const stream = cassette.interactions.map((i) => (i as RecordedInteraction).response.stream).find((s) => s !== undefined)!;
  t.true(stream.events.every((e) => e.t === 0));
});

for (const capture of captures) {
  test(`replays ${capture.id} as captured (vcrpy layout)`, async (t) => {
    await assertReplaysCapture(t, server, 'from-vcr', capture);
  });
}

for (const capture of pydanticCaptures) {
  test(`replays ${capture.id} as captured (pydantic-ai parsed_body layout)`, async (t) => {
    await assertReplaysCapture(t, server, 'from-pydantic', capture);
  });
}

for (const scenario of CLIENT_SCENARIOS) {
  (scenario.serial ? test.serial : test)(`${scenario.client} SDK gets ${scenario.capture} from the imported vcrpy cassette`, async (t) => {
    const capture = loadCapture(scenario.capture);
    const outcome = await scenario.run(server, 'from-vcr');
    t.is(outcome.bodies.length, 1);
    t.true(outcome.bodies[0]!.equals(capture.body), 'the client received the captured bytes');
    t.is(outcome.text, captureText(capture));
  });
}
