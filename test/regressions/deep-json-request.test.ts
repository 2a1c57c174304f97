/**
 * Regression: a 14 KB body nested 7,000 levels deep overflowed the stack in the request
 * key's canonicalization, outside the server's try/catch: the process died (replay and
 * record). Now it is refused with 400 MOCKLLM_E_REQUEST_TOO_DEEP and the server keeps serving.
 */
import test from 'ava';
import { DEMO_CASSETTE, startCli } from '../helpers/cli.js';
import { nestedArrays, tempCassetteDir } from '../helpers/temp-cassettes.js';

const DEEP_BODY = `{"model":"x","messages":${nestedArrays(7000)}}`;

for (const mode of ['replay', 'record'] as const) {
  test(`${mode}: a body nested 7,000 deep is a 400 MOCKLLM_E_REQUEST_TOO_DEEP, and the server keeps serving`, async (t) => {
    const dir = tempCassetteDir(t, { 'demo.json': DEMO_CASSETTE });
    // Record never reaches the upstream for a refused request: a closed port is enough.
    const extra = mode === 'record' ? ['--upstream', 'http://127.0.0.1:9'] : [];
    const server = await startCli([mode, '--cassettes', dir, '--port', '0', '--log-level', 'silent', ...extra]);
    t.teardown(() => server.child.kill('SIGKILL'));
    const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: DEEP_BODY });
    t.is(res.status, 400);
    const body = (await res.json()) as { error: { code: string } };
    t.is(body.error.code, 'MOCKLLM_E_REQUEST_TOO_DEEP');
    // 1,000 levels are still served as any request (here: a miss in replay).
    const within = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"model":"x","messages":${nestedArrays(998)}}` });
    t.not(within.status, 400);
    t.not(within.status, 500);
    await within.arrayBuffer();
    const health = await fetch(`${server.url}/_mockllm/health`);
    t.is(health.status, 200);
  });
}
