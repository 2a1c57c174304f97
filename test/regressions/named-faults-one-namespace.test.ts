/**
 * Issue 11 §6: fault names lived in separate namespaces — `x-mockllm-fault: ABRUPT_STREAM`
 * was refused (scenario names worked only as API keys), and overlay files and the admin API
 * took kinds only. Now every status preset and every API-key scenario name works wherever a
 * fault is named: the header, `?fail=`, overlay files and the admin API (`{"fault": NAME}`),
 * meaning the same fault each time.
 */
import test from 'ava';
import { SCENARIO_PRESETS } from '../../src/faults/presets/scenarios.js';
import { STATUS_PRESET_NAMES } from '../../src/faults/presets/status-presets.js';
import { ANTHROPIC_STREAM_BODY, firstFrames, openaiStream, OPENAI_STREAM_BODY, send, startFaultServer, tempFile } from '../helpers/fault-fixtures.js';

const NAMES = [...STATUS_PRESET_NAMES, ...Object.keys(SCENARIO_PRESETS)];
const CHAT = '/v1/chat/completions';

/** A refusal is mockllm's own 400 (code `mockllm_error`), whatever the fault would have done. */
function refused(r: { status: number; body: Buffer }): boolean {
  return r.status === 400 && r.body.toString().includes('"mockllm_error"');
}

/** ABRUPT_STREAM is `reset` after 2 events: the first two frames, then the connection drops. */
function assertAbrupt(t: import('ava').ExecutionContext, r: Awaited<ReturnType<typeof send>>, how: string): void {
  t.is(r.status, 200, how);
  t.is(r.ending, 'aborted', how);
  t.true(r.body.equals(firstFrames(openaiStream, 2)), how);
}

/** Status and body, or undefined when no answer came within 300 ms (TIMEOUT never answers): a refusal is immediate. */
async function ask(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer } | undefined> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(OPENAI_STREAM_BODY), signal: AbortSignal.timeout(300) });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  } catch {
    return undefined;
  }
}

test('x-mockllm-fault and ?fail= accept every preset and scenario name', async (t) => {
  const h = await startFaultServer(t);
  for (const name of NAMES) {
    const byHeader = await ask(`${h.url}${CHAT}`, { 'x-mockllm-fault': name });
    t.false(byHeader !== undefined && refused(byHeader), `header ${name}: ${byHeader?.body.toString().slice(0, 200)}`);
    const byQuery = await ask(`${h.url}${CHAT}?fail=${name}`);
    t.false(byQuery !== undefined && refused(byQuery), `?fail=${name}: ${byQuery?.body.toString().slice(0, 200)}`);
  }
});

test('ABRUPT_STREAM means the same fault by API key, header, ?fail=, overlay file and admin API', async (t) => {
  const overlay = tempFile(t, 'named.json', JSON.stringify({ faults: [{ fault: 'ABRUPT_STREAM', when: { path: '/v1/chat/completions', nth: 1 } }] }));
  const h = await startFaultServer(t, { overlay: [overlay] });
  assertAbrupt(t, await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY }), 'overlay file');
  assertAbrupt(t, await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY, headers: { authorization: 'Bearer ABRUPT_STREAM' } }), 'API key');
  assertAbrupt(t, await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY, headers: { 'x-mockllm-fault': 'ABRUPT_STREAM' } }), 'header');
  assertAbrupt(t, await send(h.url, { path: `${CHAT}?fail=ABRUPT_STREAM`, body: OPENAI_STREAM_BODY }), '?fail=');

  const armed = await send(h.url, { path: '/_mockllm/faults', body: { fault: 'ABRUPT_STREAM', times: 1 } });
  t.is(armed.status, 201, armed.body.toString());
  t.like(JSON.parse(armed.body.toString()), { fault: { kind: 'reset', after: 2, name: 'ABRUPT_STREAM', times: 1 } });
  assertAbrupt(t, await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY }), 'admin API');
  t.is((await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY })).ending, 'end', 'armed once: the next stream is whole');

  // A preset by name too, in a file-style rule through the admin API and the handle.
  t.is((await send(h.url, { path: '/_mockllm/faults', body: { fault: 'overloaded', times: 1 } })).status, 201);
  t.is((await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY })).status, 503);
  h.faults.arm({ fault: 'rate_limit', retry_after: 7 }, 1);
  const limited = await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY });
  t.is(limited.status, 429);
  t.is(limited.headers['retry-after'], '7');
});

test('a named scenario keeps its scope: AUTH_FAILURE_OPENAI in a header leaves an Anthropic request alone', async (t) => {
  const h = await startFaultServer(t);
  const claude = await send(h.url, { path: '/v1/messages', body: ANTHROPIC_STREAM_BODY, headers: { 'x-mockllm-fault': 'AUTH_FAILURE_OPENAI', 'anthropic-version': '2023-06-01' } });
  t.is(claude.status, 200);
  t.is(claude.headers['x-mockllm-fault'], undefined);
  t.is((await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY, headers: { 'x-mockllm-fault': 'AUTH_FAILURE_OPENAI' } })).status, 401);
});

test('an unknown name is refused everywhere with the same list of names', async (t) => {
  const h = await startFaultServer(t);
  const header = await send(h.url, { path: CHAT, body: OPENAI_STREAM_BODY, headers: { 'x-mockllm-fault': 'NO_SUCH_FAULT' } });
  t.true(refused(header));
  t.regex(header.body.toString(), /ABRUPT_STREAM/);
  const admin = await send(h.url, { path: '/_mockllm/faults', body: { fault: 'NO_SUCH_FAULT' } });
  t.is(admin.status, 400);
  t.regex(admin.body.toString(), /\/fault: unknown fault \\"NO_SUCH_FAULT\\"/);
});
