import type { StoredEvent, StoredHeaders, StoredResponse } from '../../../cassette/types.js';
import type { PlannedChunk } from '../../../handwritten/chunk-planner.js';
import { toolCallId, type ResolvedReply } from '../../../handwritten/resolved-reply.js';
import { jsonResponse, sseData, streamResponse } from '../../../handwritten/stored-response.js';

/**
 * Anthropic Messages (`/v1/messages`) and token counting (`/v1/messages/count_tokens`).
 *
 * JSON: compact, `application/json`, key order as captured (`content` before `model`, unlike
 * `message_start`). Content blocks in order: `thinking` (with a stable
 * `signature`), `text` (the reply text; a refusal is one more text block), `tool_use`
 * (`input` as an object). SSE (`text/event-stream; charset=utf-8`): `message_start`, then per
 * block `content_block_start` → deltas (`thinking_delta` + one `signature_delta`,
 * `text_delta`, `input_json_delta` starting with `""`) → `content_block_stop`, one `ping`
 * after the first block start (as the API sends), `message_delta` with `stop_reason` and
 * usage, `message_stop`. Data lines are compact JSON without the API's random space padding.
 */

export const ANTHROPIC_JSON = 'application/json';
export const ANTHROPIC_SSE = 'text/event-stream; charset=utf-8';

type Json = Record<string, unknown>;

function headers(r: ResolvedReply, contentType: string): StoredHeaders {
  const h: StoredHeaders = { 'content-type': contentType, 'request-id': `req_011C${r.ids.token('request-id', 20)}` };
  if (contentType === ANTHROPIC_SSE) h['cache-control'] = 'no-cache';
  return h;
}

function status(r: ResolvedReply): number {
  return r.reply.status ?? 200;
}

function signature(r: ResolvedReply): string {
  return Buffer.from(r.ids.token('thinking-signature', 96, 'hex'), 'hex').toString('base64');
}

function usage(r: ResolvedReply, outputTokens: number): Json {
  return { input_tokens: r.usage.prompt, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens, service_tier: 'standard' };
}

interface Block {
  /** The finished block (non-stream content). */
  full: Json;
  /** `content_block_start`'s `content_block`. */
  start: Json;
  /** Deltas with their offsets. */
  deltas: Array<{ t: number; delta: Json }>;
  t: number;
  end: number;
}

function blocks(r: ResolvedReply): Block[] {
  const out: Block[] = [];
  const { timeline } = r;
  const at = (chunks: PlannedChunk[], fallback: number) => ({ t: chunks[0]?.t ?? fallback, end: chunks[chunks.length - 1]?.t ?? fallback });
  if (r.reasoning !== undefined) {
    const sig = signature(r);
    const span = at(timeline.reasoning, timeline.first);
    out.push({
      full: { type: 'thinking', thinking: r.reasoning, signature: sig },
      start: { type: 'thinking', thinking: '', signature: '' },
      deltas: [
        ...timeline.reasoning.map((c) => ({ t: c.t, delta: { type: 'thinking_delta', thinking: c.text } })),
        { t: span.end, delta: { type: 'signature_delta', signature: sig } },
      ],
      ...span,
    });
  }
  const textBlock = (text: string, chunks: PlannedChunk[]) => {
    out.push({
      full: { type: 'text', text },
      start: { type: 'text', text: '' },
      deltas: chunks.map((c) => ({ t: c.t, delta: { type: 'text_delta', text: c.text } })),
      ...at(chunks, out[out.length - 1]?.end ?? timeline.first),
    });
  };
  if (r.text !== undefined || (r.refusal === undefined && r.toolCalls.length === 0 && r.reasoning === undefined)) textBlock(r.text ?? '', timeline.text);
  if (r.refusal !== undefined) textBlock(r.refusal, timeline.refusal);
  r.toolCalls.forEach((call, i) => {
    const id = toolCallId(r, i, 'toolu_01', 22);
    const tool = timeline.tools[i]!;
    out.push({
      full: { type: 'tool_use', id, name: call.name, input: call.arguments },
      start: { type: 'tool_use', id, name: call.name, input: {} },
      deltas: [
        { t: tool.t, delta: { type: 'input_json_delta', partial_json: '' } },
        ...tool.args.map((c) => ({ t: c.t, delta: { type: 'input_json_delta', partial_json: c.text } })),
      ],
      t: tool.t,
      end: tool.args[tool.args.length - 1]?.t ?? tool.t,
    });
  });
  return out;
}

function messageId(r: ResolvedReply): string {
  return r.reply.id ?? `msg_01${r.ids.token('message-id', 22)}`;
}

export function renderAnthropicMessages(r: ResolvedReply): StoredResponse {
  const list = blocks(r);
  if (!r.stream) {
    const json = {
      id: messageId(r),
      type: 'message',
      role: 'assistant',
      content: list.map((b) => b.full),
      model: r.model,
      stop_reason: r.finish,
      stop_sequence: null,
      usage: usage(r, r.usage.completion),
    };
    return jsonResponse(status(r), headers(r, ANTHROPIC_JSON), json, {}, r.timeline.end);
  }
  const events: StoredEvent[] = [];
  const emit = (t: number, type: string, payload: Json) => events.push(sseData(t, { type, ...payload }, type));
  emit(0, 'message_start', {
    message: { id: messageId(r), type: 'message', role: 'assistant', model: r.model, content: [], stop_reason: null, stop_sequence: null, usage: usage(r, 1) },
  });
  list.forEach((block, index) => {
    emit(block.t, 'content_block_start', { index, content_block: block.start });
    if (index === 0) events.push({ t: block.t, event: 'ping', text: '{"type": "ping"}' });
    for (const d of block.deltas) emit(d.t, 'content_block_delta', { index, delta: d.delta });
    emit(block.end, 'content_block_stop', { index });
  });
  const end = r.timeline.end;
  const { service_tier: _tier, ...finalUsage } = usage(r, r.usage.completion);
  emit(end, 'message_delta', { delta: { stop_reason: r.finish, stop_sequence: null }, usage: finalUsage });
  emit(end, 'message_stop', {});
  return streamResponse(status(r), headers(r, ANTHROPIC_SSE), 'sse', events);
}

/** `/v1/messages/count_tokens`: `{"input_tokens":N}` — the prompt estimate or `reply.usage.prompt_tokens`. */
export function renderAnthropicCountTokens(r: ResolvedReply): StoredResponse {
  return jsonResponse(status(r), headers(r, ANTHROPIC_JSON), { input_tokens: r.usage.prompt });
}
