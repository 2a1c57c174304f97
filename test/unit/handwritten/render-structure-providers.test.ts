/**
 * Rendered replies are framed and ordered like real traffic: each test renders a reply and
 * compares its structure (event order, key order, terminators, content types, formatting)
 * with the matching real capture in test/fixtures/captures.
 */
import test from 'ava';
import type { ReplySpec } from '../../../src/cassette/types.js';
import { geminiJson } from '../../../src/providers/gemini/render/content.js';
import { captureContentType, captureFrames, eventOrder, keys, render, shape, sse } from './rendered-frames.js';
import { loadCapture } from '../../helpers/captures.js';

// ---------- Ollama ----------

test('ollama /api/chat stream: NDJSON lines shaped like the capture, final done line', (t) => {
  const ours = render({ text: 'Why did the agent go?' }, '/api/chat', { model: 'llama3', messages: [{ role: 'user', content: 'joke' }] });
  const real = captureFrames('ollama/chat-stream', 'ndjson');
  t.is(ours.contentType, captureContentType('ollama/chat-stream'));
  t.true(ours.frames.every((f) => /^\{[^\n]*\}\n$/.test(f)));
  t.deepEqual(shape(JSON.parse(ours.frames[0]!)), shape(JSON.parse(real[0]!)));
  const [ourLast, realLast] = [JSON.parse(ours.frames[ours.frames.length - 1]!), JSON.parse(real[real.length - 1]!)];
  // Key order of the final line changed between Ollama versions (done_reason moved after done); compare as sets.
  t.deepEqual(keys(ourLast).sort(), keys(realLast).sort());
  t.deepEqual(ourLast.message, { role: 'assistant', content: '' });
  t.true(ourLast.done);
});

test('ollama non-stream JSON: compact, no trailing LF, charset content type', (t) => {
  const ours = render({ text: 'A joke.' }, '/api/chat', { model: 'llama3', messages: [{ role: 'user', content: 'joke' }], stream: false });
  const real = loadCapture('ollama/chat-nonstream');
  t.is(ours.contentType, String(real.responseHeaders['content-type']));
  t.false(ours.body!.endsWith('\n'));
  t.false(ours.body!.includes('\n'));
  t.deepEqual(keys(JSON.parse(ours.body!)).sort(), keys(JSON.parse(real.body.toString('utf8'))).sort());
});

test('ollama /api/generate: stream and JSON like the captures, with context', (t) => {
  const stream = render({ text: 'A joke' }, '/api/generate', { model: 'llama3', prompt: 'joke' }).frames;
  const real = captureFrames('ollama/generate-stream', 'ndjson');
  t.deepEqual(shape(JSON.parse(stream[0]!)), shape(JSON.parse(real[0]!)));
  t.deepEqual(keys(JSON.parse(stream[stream.length - 1]!)).sort(), keys(JSON.parse(real[real.length - 1]!)).sort());
  const json = render({ text: 'A joke' }, '/api/generate', { model: 'llama3', prompt: 'joke', stream: false }).body!;
  t.deepEqual(keys(JSON.parse(json)).sort(), keys(JSON.parse(loadCapture('ollama/generate-nonstream').body.toString('utf8'))).sort());
});

// ---------- Anthropic ----------

test('anthropic stream (thinking + text): event order, payload keys and content type as captured', (t) => {
  const ours = render({ reasoning: "Let me count the r's.", text: 'The letter r appears 3 times.' }, '/v1/messages', {
    model: 'claude-3-7-sonnet',
    max_tokens: 100,
    stream: true,
    messages: [{ role: 'user', content: 'strawberry' }],
  });
  const real = captureFrames('anthropic/messages-stream-thinking', 'sse');
  t.deepEqual(eventOrder(ours.frames), eventOrder(real));
  t.is(ours.contentType, captureContentType('anthropic/messages-stream-thinking'));
  const realShapes = new Map<string, unknown>();
  for (const f of real) {
    const { data } = sse(f) as { data: any };
    const id = `${data.type}/${data.content_block?.type ?? data.delta?.type ?? ''}`;
    if (!realShapes.has(id)) realShapes.set(id, shape(data));
  }
  for (const f of ours.frames) {
    const { event, data } = sse(f) as { event: string; data: any };
    if (event === 'message_start') continue; // usage fields vary by API version; checked below
    t.is(data.type, event);
    const id = `${data.type}/${data.content_block?.type ?? data.delta?.type ?? ''}`;
    if (event !== 'message_delta') t.deepEqual(shape(data), realShapes.get(id), id);
  }
  const ourStart = (sse(ours.frames[0]!).data as any).message;
  const realStart = (sse(real[0]!).data as any).message;
  t.deepEqual(keys(ourStart), keys(realStart));
  t.is(ours.frames[ours.frames.length - 1], 'event: message_stop\ndata: {"type":"message_stop"}\n\n');
});

test('anthropic stream (text + tool_use): blocks like the capture, input_json_delta starting with ""', (t) => {
  const reply: ReplySpec = { text: 'Let me fetch that.', tool_calls: [{ name: 'get_weather', arguments: { location: 'San Francisco' } }, { name: 'get_time', arguments: { tz: 'PST' } }] };
  const ours = render(reply, '/v1/messages', { model: 'c', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'x' }] }).frames;
  const real = captureFrames('anthropic/messages-stream-tool-use', 'sse');
  t.deepEqual(eventOrder(ours), eventOrder(real));
  const toolStart = (frames: string[]) => frames.map((f) => sse(f).data as any).find((d) => d.content_block?.type === 'tool_use');
  t.deepEqual(shape(toolStart(ours)), shape(toolStart(real)));
  const firstJson = ours.map((f) => sse(f).data as any).find((d) => d.delta?.type === 'input_json_delta');
  t.is(firstJson.delta.partial_json, '');
  const stop = ours.map((f) => sse(f).data as any).find((d) => d.type === 'message_delta');
  t.is(stop.delta.stop_reason, 'tool_use');
});

test('anthropic JSON: compact, key order as captured', (t) => {
  const ours = render({ text: 'Sure.' }, '/v1/messages', { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
  const real = JSON.parse(loadCapture('anthropic/messages-nonstream').body.toString('utf8'));
  const mine = JSON.parse(ours.body!);
  t.deepEqual(keys(mine), keys(real));
  t.deepEqual(keys(mine.usage).filter((k) => k in real.usage), keys(real.usage));
  t.false(ours.body!.includes('\n'));
  const count = render({}, '/v1/messages/count_tokens', { model: 'c', messages: [{ role: 'user', content: 'abcdefgh' }] });
  t.deepEqual(JSON.parse(count.body!), { input_tokens: 2 });
});

// ---------- Gemini ----------

test("gemini: geminiJson reprints the captured SSE chunks byte for byte (Gemini's spacing)", (t) => {
  for (const id of ['gemini/stream-sse', 'gemini/stream-sse-2'])
    for (const frame of captureFrames(id, 'sse')) {
      t.true(frame.endsWith('\r\n\r\n'));
      const data = frame.slice('data: '.length, -4);
      t.is(geminiJson(JSON.parse(data)), data);
    }
});

test('gemini stream: CRLF raw frames, chunk keys as captured, finishReason and full usage on the last', (t) => {
  const ours = render({ text: 'The capital of France is Paris.' }, '/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', {
    contents: [{ role: 'user', parts: [{ text: 'Capital?' }] }],
  });
  t.is(ours.contentType, captureContentType('gemini/stream-sse'));
  t.true(ours.stored.stream!.events.every((e) => e.raw !== undefined));
  t.true(ours.frames.every((f) => /^data: \{[^\r\n]*\}\r\n\r\n$/.test(f)));
  const real = captureFrames('gemini/stream-sse', 'sse').map((f) => JSON.parse(f.slice(6, -4)));
  const mine = ours.frames.map((f) => JSON.parse(f.slice(6, -4)));
  const last = mine[mine.length - 1];
  t.deepEqual(keys(last), keys(real[real.length - 1]));
  t.deepEqual(keys(last.candidates[0]), keys(real[real.length - 1].candidates[0]));
  t.deepEqual(keys(last.usageMetadata).filter((k) => k in real[0].usageMetadata), keys(real[0].usageMetadata).filter((k) => k in last.usageMetadata));
  t.is(last.candidates[0].finishReason, 'STOP');
  t.true(mine.slice(0, -1).every((c) => c.candidates[0].finishReason === undefined && c.usageMetadata.candidatesTokenCount === undefined));
});

test('gemini JSON: pretty 2-space with trailing LF, keys as captured', (t) => {
  const ours = render({ text: 'AI stands for Artificial Intelligence.' }, '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [{ parts: [{ text: 'AI?' }] }] });
  const real = loadCapture('gemini/generate-content-gzip').body.toString('utf8');
  t.true(ours.body!.startsWith('{\n  "candidates": [') && real.startsWith('{\n  "candidates": ['));
  t.true(ours.body!.endsWith('}\n') && real.endsWith('}\n'));
  const [mine, theirs] = [JSON.parse(ours.body!), JSON.parse(real)];
  t.deepEqual(keys(mine), keys(theirs));
  t.deepEqual(shape(mine.candidates), shape(theirs.candidates));
  t.is(ours.contentType, String(loadCapture('gemini/generate-content-gzip').responseHeaders['content-type']));
});
