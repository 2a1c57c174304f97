/**
 * hang: the server accepts and never answers; the client's timeout fires; the server lets the
 * socket go as soon as the client does — no leaked handles, and close() never waits on it.
 */
import test from 'ava';
import { connect } from 'node:net';
import OpenAI, { APIConnectionTimeoutError } from 'openai';
import { createLogger } from '../../src/util/logger.js';
import { OPENAI_BODY, OPENAI_STREAM_BODY, startFaultServer } from '../helpers/fault-fixtures.js';

/** TCP sockets open in this process (serial test: nothing else runs meanwhile). */
const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** Checks a condition after each turn of the event loop until it holds or the deadline passes. */
async function until(condition: () => boolean, deadlineMs: number): Promise<boolean> {
  const end = performance.now() + deadlineMs;
  while (!condition()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}

/** A logger whose lines can be awaited: the server logs a request once it has let it go. */
function watchedLogger() {
  const lines: string[] = [];
  const waiters: Array<{ match: RegExp; resolve: (line: string) => void }> = [];
  const logger = createLogger('info', {
    write(line) {
      lines.push(line);
      for (const w of [...waiters]) if (w.match.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    },
  });
  const next = (match: RegExp) => new Promise<string>((resolve) => {
    const seen = lines.find((l) => match.test(l));
    if (seen) resolve(seen);
    else waiters.push({ match, resolve });
  });
  return { logger, next };
}

test.serial('raw socket with a 200 ms timeout: no byte arrives; when the client goes the server releases the socket', async (t) => {
  const { logger, next } = watchedLogger();
  const h = await startFaultServer(t, { logger });
  const baseline = sockets();
  const socket = connect(h.port, '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (d) => received.push(d));
  socket.setTimeout(200);
  const body = JSON.stringify(OPENAI_BODY);
  socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nx-mockllm-fault: hang\r\n\r\n${body}`);
  const started = performance.now();
  await new Promise<void>((resolve) => socket.once('timeout', () => resolve()));
  t.true(performance.now() - started >= 190);
  t.is(Buffer.concat(received).length, 0, 'accepted, never answered');
  socket.destroy();
  const line = await next(/POST \/v1\/chat\/completions .* fault=hang \(header\) hang$/);
  t.regex(line, / 200 faults#openai-json hit /);
  await new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
  // The server half-closes after the client's FIN; its socket goes a moment later.
  t.true(await until(() => sockets() === baseline, 2000), `open resources: ${process.getActiveResourcesInfo().join(', ')}`);
});

test('fetch with AbortSignal.timeout(200) and the openai SDK with timeout 200: both time out; the server lets go', async (t) => {
  const { logger, next } = watchedLogger();
  const h = await startFaultServer(t, { logger });
  h.faults.arm({ kind: 'hang' });
  const e = await t.throwsAsync(fetch(`${h.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(OPENAI_BODY), signal: AbortSignal.timeout(200) }), { any: true });
  t.is((e as Error).name, 'TimeoutError');
  await next(/hang$/);
  const client = new OpenAI({ baseURL: h.baseURL('openai'), apiKey: 'sk-test', maxRetries: 0, timeout: 200, logLevel: 'off' });
  await t.throwsAsync(client.chat.completions.create(OPENAI_BODY as OpenAI.ChatCompletionCreateParamsNonStreaming), { instanceOf: APIConnectionTimeoutError });
  await next(/runtime#1.*hang$/);
  t.is(h.stats().faults['runtime#1'], 2);
});

test('hang after 2 events: the stream stalls; close() ends it at once', async (t) => {
  const h = await startFaultServer(t);
  const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'x-mockllm-fault': 'hang;after=2' }, body: JSON.stringify(OPENAI_STREAM_BODY) });
  const reader = res.body!.getReader();
  let text = '';
  while ((text.match(/\n\n/g) ?? []).length < 2) text += Buffer.from((await reader.read()).value!).toString();
  const pending = reader.read().then(
    (r) => (r.done ? 'done' : 'data'),
    (e: Error) => e.message,
  );
  await h.close();
  t.is(await pending, 'terminated', 'the stalled stream ends when the server closes');
});
