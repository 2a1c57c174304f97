import test from 'ava';
import { ResponseTap, roundMs } from '../../../src/record/response-tap.js';
import { storedResponseFrom } from '../../../src/record/interaction-builder.js';
import { Scrubber } from '../../../src/redact/scrubber.js';

function clock(times: number[]): () => number {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)]!;
}

test('splits SSE at real boundaries whatever the chunking, stamping each frame with the arrival of its last byte', (t) => {
  // now() is read at: head, chunk 1 (no frame → not read), chunk 2, chunk 3, finish.
  const tap = new ResponseTap(100, clock([105.4, 130.2, 150.6, 160]));
  tap.head(200, { 'content-type': 'text/event-stream' });
  const bytes = Buffer.from('data: {"t":"é"}\r\n\r\nevent: x\nid: 7\ndata: y\n\n: comment\n\n');
  const cut1 = bytes.indexOf(0xa9); // inside the é
  t.deepEqual(tap.chunk(bytes.subarray(0, cut1)), []);
  const cut2 = bytes.indexOf('event');
  t.is(tap.chunk(bytes.subarray(cut1, cut2)).length, 1);
  t.is(tap.chunk(bytes.subarray(cut2)).length, 2);
  const out = tap.finish('complete');
  t.deepEqual(out.frames.map((f) => f.t), [30, 51, 51]);
  t.is(out.headersMs, 5);
  t.is(out.totalMs, 60);
  t.deepEqual(Buffer.concat(out.frames.map((f) => f.bytes)), bytes);
  const stored = storedResponseFrom(out, new Scrubber());
  t.deepEqual(stored.stream!.events.map((e) => Object.keys(e).filter((k) => k !== 't')[0]), ['raw', 'raw', 'raw']);
  t.deepEqual(stored.timing, { headers_ms: 5, total_ms: 60 });
});

test('a non-2xx stream content type is a body (Gemini errors); a cut stream keeps its tail', (t) => {
  const err = new ResponseTap(0, () => 1);
  err.head(400, { 'content-type': 'text/event-stream' });
  err.chunk(Buffer.from('{\n  "error": {}\n}\n'));
  const e = err.finish('complete');
  t.is(e.framing, undefined);
  t.deepEqual(storedResponseFrom(e, new Scrubber()).body, { json: { error: {} }, indent: 2, newline: true });

  const cut = new ResponseTap(0, () => 1);
  cut.head(200, { 'content-type': 'application/x-ndjson' });
  cut.chunk(Buffer.from('{"a":1}\n{"b":'));
  const c = cut.finish('reset');
  const stored = storedResponseFrom(c, new Scrubber()).stream!;
  t.deepEqual(stored.events, [{ t: 1, data: { a: 1 } }]);
  t.is(stored.tail, '{"b":');
  t.is(stored.ending, 'reset');

  const mid = new ResponseTap(0, () => 1);
  mid.head(200, { 'content-type': 'text/event-stream' });
  mid.chunk(Buffer.from('data: é').subarray(0, 7));
  t.is(storedResponseFrom(mid.finish('reset'), new Scrubber()).stream!.tail_base64, Buffer.from('data: é').subarray(0, 7).toString('base64'));
});

test('stored headers drop transfer and secret headers (built-in and configured) and scrub values', (t) => {
  const tap = new ResponseTap(0, () => 0);
  tap.head(200, {
    'content-type': 'application/json',
    'content-length': '2',
    'content-encoding': 'gzip',
    'set-cookie': ['a=b'],
    'openai-organization': 'org',
    'x-tenant': 'acme',
    'x-echo': 'Bearer sk-abcdefghijklmnopqrstuvwx',
  });
  tap.chunk(Buffer.from('{}'));
  const stored = storedResponseFrom(tap.finish('complete'), new Scrubber([], { headers: ['X-Tenant'] }));
  t.deepEqual(stored.headers, { 'content-type': 'application/json', 'x-echo': 'Bearer REDACTED' });
});

test('offsets are whole milliseconds', (t) => {
  t.is(roundMs(12.49), 12);
  t.is(roundMs(12.5), 13);
  t.is(roundMs(-0.2), 0);
});
