import test from 'ava';
import { EventSplitter } from '../../src/framing/event-splitter.js';

function splitAll(framing: 'sse' | 'ndjson', chunks: Buffer[]): { events: string[]; tail?: string } {
  const s = new EventSplitter(framing);
  const events: string[] = [];
  for (const c of chunks) for (const e of s.push(c)) events.push(e.toString('utf8'));
  const tail = s.end();
  return tail ? { events, tail: tail.toString('utf8') } : { events };
}

/** Every split point of the input, one byte at a time: the result must not depend on TCP chunking. */
function byteByByte(s: string): Buffer[] {
  return [...Buffer.from(s)].map((b) => Buffer.from([b]));
}

test('sse: LF framing, several events in one chunk', (t) => {
  const input = 'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n';
  t.deepEqual(splitAll('sse', [Buffer.from(input)]).events, ['data: {"a":1}\n\n', 'data: {"b":2}\n\n', 'data: [DONE]\n\n']);
});

test('sse: CRLF framing split at every byte, including between CR and LF', (t) => {
  const input = 'data: {"x":"é😀"}\r\n\r\ndata: {"y":2}\r\n\r\n';
  const { events, tail } = splitAll('sse', byteByByte(input));
  t.deepEqual(events, ['data: {"x":"é😀"}\r\n\r\n', 'data: {"y":2}\r\n\r\n']);
  t.is(tail, undefined);
});

test('sse: event/id/retry fields and comments stay inside their event', (t) => {
  const input = ': keep-alive\n\nevent: ping\nid: 7\nretry: 100\ndata: {"type": "ping"}\n\n';
  t.deepEqual(splitAll('sse', byteByByte(input)).events, [': keep-alive\n\n', 'event: ping\nid: 7\nretry: 100\ndata: {"type": "ping"}\n\n']);
});

test('sse: an unfinished event is returned as the tail', (t) => {
  const { events, tail } = splitAll('sse', [Buffer.from('data: 1\n\ndata: {"cut')]);
  t.deepEqual(events, ['data: 1\n\n']);
  t.is(tail, 'data: {"cut');
});

test('ndjson: lines split mid UTF-8 character', (t) => {
  const input = '{"m":"日本"}\n{"done":true}\n';
  const bytes = Buffer.from(input);
  const chunks = [bytes.subarray(0, 8), bytes.subarray(8, 9), bytes.subarray(9)];
  t.deepEqual(splitAll('ndjson', chunks).events, ['{"m":"日本"}\n', '{"done":true}\n']);
});
