/**
 * Rendered replies are framed and ordered like real traffic: each test renders a reply and
 * compares its structure (event order, key order, terminators, content types, formatting)
 * with the matching real capture in test/fixtures/captures.
 */
import test from 'ava';
import type { ReplySpec } from '../../../src/cassette/types.js';
import { captureContentType, captureFrames, eventOrder, keys, render, shape, sse } from './rendered-frames.js';
import { loadCapture } from '../../helpers/captures.js';

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me a joke' }] };

// ---------- OpenAI chat ----------

test('openai chat stream: chunk key order, role chunk, finish chunk, [DONE], content type', (t) => {
  const ours = render({ text: 'Why did the chicken cross?' }, '/v1/chat/completions', { ...CHAT, stream: true });
  const real = captureFrames('openai/chat-stream', 'sse');
  const [ourFirst, realFirst] = [sse(ours.frames[0]!).data, sse(real[0]!).data] as Array<Record<string, unknown>>;
  t.deepEqual(keys(ourFirst), keys(realFirst, ['obfuscation']));
  t.deepEqual(shape(ourFirst), shape(realFirst, ['obfuscation']));
  t.deepEqual((ourFirst!.choices as Array<Record<string, unknown>>)[0]!.delta, (realFirst!.choices as Array<Record<string, unknown>>)[0]!.delta);
  t.deepEqual(shape(sse(ours.frames[1]!).data), shape(sse(real[1]!).data, ['obfuscation']));
  const ourFinish = sse(ours.frames[ours.frames.length - 2]!).data as { choices: unknown[] };
  const realFinish = sse(real[real.length - 2]!).data as { choices: unknown[] };
  t.deepEqual(ourFinish.choices, realFinish.choices);
  t.is(ours.frames[ours.frames.length - 1], 'data: [DONE]\n\n');
  t.is(real[real.length - 1], 'data: [DONE]\n\n');
  t.true(ours.frames.every((f) => /^data: [^\n]*\n\n$/.test(f)));
  t.is(ours.contentType, captureContentType('openai/chat-stream'));
  t.is(ours.stored.stream?.framing, 'sse');
});

test('openai chat stream with include_usage: usage:null everywhere, then a choices:[] usage chunk', (t) => {
  const ours = render({ text: '10 + 5 = 15' }, '/v1/chat/completions', { ...CHAT, stream: true, stream_options: { include_usage: true } });
  const real = captureFrames('openai/chat-stream-include-usage', 'sse');
  for (const frames of [ours.frames, real]) {
    const chunks = frames.slice(0, -1).map((f) => sse(f).data as Record<string, unknown>);
    t.true(chunks.slice(0, -1).every((c) => 'usage' in c && c.usage === null));
    t.deepEqual(chunks[chunks.length - 1]!.choices, []);
  }
  const ourUsage = sse(ours.frames[ours.frames.length - 2]!).data;
  const realUsage = sse(real[real.length - 2]!).data;
  t.deepEqual(shape(ourUsage), shape(realUsage, ['obfuscation']));
  t.deepEqual(shape(sse(ours.frames[0]!).data), shape(sse(real[0]!).data, ['obfuscation']));
});

test('openai chat stream tool calls: first delta carries id/type/name/arguments:"", then fragments', (t) => {
  const reply: ReplySpec = {
    tool_calls: [
      { name: 'get_current_weather', arguments: { location: 'San Francisco' } },
      { name: 'get_current_weather', arguments: { location: 'Boston' } },
    ],
  };
  const ours = render(reply, '/v1/chat/completions', { ...CHAT, stream: true }).frames.map((f) => sse(f).data as Record<string, any>);
  const real = captureFrames('openai/chat-stream-tool-calls-parallel', 'sse').map((f) => sse(f).data as Record<string, any>);
  const toolDeltas = (chunks: Array<Record<string, any>>) => chunks.filter((c) => c.choices?.[0]?.delta?.tool_calls).map((c) => c.choices[0].delta.tool_calls[0]);
  const [ourCalls, realCalls] = [toolDeltas(ours), toolDeltas(real)];
  const starts = (calls: any[]) => calls.filter((c) => c.id !== undefined);
  t.deepEqual(starts(ourCalls).map((c) => shape(c)), starts(realCalls).map((c) => shape(c)));
  t.deepEqual(starts(ourCalls).map((c) => [c.index, c.function.arguments]), [
    [0, ''],
    [1, ''],
  ]);
  t.deepEqual(shape(ourCalls.find((c) => c.id === undefined)), shape(realCalls.find((c) => c.id === undefined)));
  for (const index of [0, 1])
    t.deepEqual(
      JSON.parse(
        ourCalls
          .filter((c) => c.index === index)
          .map((c) => c.function.arguments)
          .join(''),
      ),
      reply.tool_calls![index]!.arguments,
    );
  t.is(ours[ours.length - 2]!.choices[0].finish_reason, 'tool_calls');
  t.deepEqual(ours[ours.length - 2]!.choices[0].delta, {});
});

test('openai chat JSON: pretty 2-space body with trailing LF and the captured key order', (t) => {
  const ours = render({ text: 'A joke.' }, '/v1/chat/completions', CHAT);
  const real = loadCapture('openai/chat-nonstream').body.toString('utf8');
  t.deepEqual(shape(JSON.parse(ours.body!)), shape(JSON.parse(real)));
  t.true(ours.body!.startsWith('{\n  "id": "chatcmpl-'));
  t.true(ours.body!.endsWith('}\n') && real.endsWith('}\n'));
  t.deepEqual(ours.stored.body && 'json' in ours.stored.body ? [ours.stored.body.indent, ours.stored.body.newline] : [], [2, true]);

  const tools = JSON.parse(render({ tool_calls: [{ name: 'f', arguments: { a: 1 } }] }, '/v1/chat/completions', CHAT).body!);
  const realTools = JSON.parse(loadCapture('openai/chat-nonstream-tool-calls').body.toString('utf8'));
  t.deepEqual(shape(tools.choices[0].message.tool_calls), shape(realTools.choices[0].message.tool_calls));
  t.is(tools.choices[0].message.content, null);
  t.is(tools.choices[0].finish_reason, 'tool_calls');
});

// ---------- OpenAI Responses, completions, embeddings ----------

test('responses stream (text): same event order and payload keys as the capture, sequence from 0', (t) => {
  const ours = render({ text: '2 + 2 equals 4.' }, '/v1/responses', { model: 'gpt-4.1-nano', input: '2+2?', stream: true }).frames;
  const real = captureFrames('openai/responses-stream', 'sse');
  t.deepEqual(eventOrder(ours), eventOrder(real));
  const byType = new Map(real.map((f) => [sse(f).event, sse(f).data]));
  ours.forEach((frame, i) => {
    const { event, data } = sse(frame) as { event: string; data: Record<string, unknown> };
    t.is(data.type, event);
    t.is(data.sequence_number, i);
    t.deepEqual(shape(data, ['obfuscation']), shape(byType.get(event), ['obfuscation']), event);
  });
});

test('responses stream (function call): same event order and payload keys as the capture', (t) => {
  const reply: ReplySpec = { tool_calls: [{ name: 'compose_music', arguments: { style: 'symphony', key: 'D major' } }] };
  const ours = render(reply, '/v1/responses', { model: 'gpt-4o', input: 'compose', stream: true }).frames;
  const real = captureFrames('openai/responses-stream-function-call', 'sse');
  t.deepEqual(eventOrder(ours), eventOrder(real));
  const byType = new Map(real.map((f) => [sse(f).event, sse(f).data]));
  for (const frame of ours) {
    const { event, data } = sse(frame);
    if (event === 'response.created' || event === 'response.in_progress' || event === 'response.completed') continue; // tools echo differs
    t.deepEqual(shape(data, ['obfuscation']), shape(byType.get(event), ['obfuscation']), event);
  }
  t.true(ours.every((f) => !f.includes('[DONE]')));
});

test('responses JSON: the capture keys appear in the same order (newer fields added)', (t) => {
  const ours = render({ text: 'Paris.' }, '/v1/responses', { model: 'gpt-4.1-nano', input: 'Capital?' });
  const real = JSON.parse(loadCapture('openai/responses-nonstream').body.toString('utf8'));
  const ourKeys = keys(JSON.parse(ours.body!));
  t.deepEqual(
    ourKeys.filter((k) => k in real),
    keys(real),
  );
  t.deepEqual(shape(JSON.parse(ours.body!).output), shape(real.output));
  t.false(ours.body!.endsWith('\n'));
});

test('legacy completions: chunk key order (choices before model), JSON shape, [DONE]', (t) => {
  const ours = render({ text: 'Getting naked' }, '/v1/completions', { model: 'davinci-002', prompt: 'x', stream: true }).frames;
  const real = captureFrames('openai/completions-stream', 'sse');
  t.deepEqual(shape(sse(ours[0]!).data), shape(sse(real[0]!).data));
  t.is(ours[ours.length - 1], 'data: [DONE]\n\n');
  t.not((sse(ours[ours.length - 2]!).data as any).choices[0].finish_reason, null);
  const json = render({ text: 'x' }, '/v1/completions', { model: 'davinci-002', prompt: 'x' }).body!;
  t.deepEqual(shape(JSON.parse(json)), shape(JSON.parse(loadCapture('openai/completions-nonstream').body.toString('utf8'))));
});

test('embeddings: float and base64 bodies shaped like the captures', (t) => {
  const float = render({}, '/v1/embeddings', { model: 'text-embedding-3-small', input: 'hi', encoding_format: 'float' }).body!;
  t.deepEqual(shape(JSON.parse(float)), shape(JSON.parse(loadCapture('openai/embeddings-float').body.toString('utf8'))));
  const b64 = JSON.parse(render({}, '/v1/embeddings', { model: 'text-embedding-3-small', input: 'hi', encoding_format: 'base64' }).body!);
  t.deepEqual(shape(b64), shape(JSON.parse(loadCapture('openai/embeddings').body.toString('utf8'))));
  t.is(Buffer.from(b64.data[0].embedding, 'base64').length, 8 * 4);
});
