import type { StoredEvent, StoredResponse } from '../../../cassette/types.js';
import type { PlannedChunk } from '../../../handwritten/chunk-planner.js';
import { asRecord } from '../../request-fields.js';
import { createdSeconds, toolCallId, type ResolvedReply } from '../../../handwritten/resolved-reply.js';
import { OPENAI_JSON, OPENAI_SSE, openaiHeaders, openaiStatus } from './chat.js';
import { jsonResponse, sseData, streamResponse } from '../../../handwritten/stored-response.js';

/**
 * OpenAI Responses API (`/v1/responses`). JSON: 2-space pretty, no trailing LF (as captured).
 * SSE: `event: <type>\ndata: {"type":<type>,"sequence_number":N,…}\n\n` from 0, in the order
 * `response.created` → `response.in_progress` → per output item (reasoning → message →
 * function calls) `output_item.added` … `output_item.done` → `response.completed`
 * (`response.incomplete` when the finish reason is `length` or `content_filter`). No `[DONE]`.
 */

type Json = Record<string, unknown>;

interface OutputItem {
  /** The finished item, as in the final response. */
  done: Json;
  /** The events between `output_item.added` and `output_item.done`, as (t, type, payload) without sequence numbers. */
  inner: Array<{ t: number; type: string; payload: Json }>;
  /** The item as announced by `output_item.added`. */
  added: Json;
  start: number;
  end: number;
}

function hexId(r: ResolvedReply, prefix: string, purpose: string): string {
  return `${prefix}_${r.ids.token(purpose, 48, 'hex')}`;
}

function outputItems(r: ResolvedReply): OutputItem[] {
  const items: OutputItem[] = [];
  const { timeline } = r;
  const span = (chunks: PlannedChunk[], fallback: number) => ({ start: chunks[0]?.t ?? fallback, end: chunks[chunks.length - 1]?.t ?? fallback });

  if (r.reasoning !== undefined) {
    const id = hexId(r, 'rs', 'reasoning-item');
    const part = { type: 'reasoning_text', text: r.reasoning };
    const { start, end } = span(timeline.reasoning, timeline.first);
    const at = { item_id: id, output_index: items.length, content_index: 0 };
    items.push({
      added: { id, type: 'reasoning', summary: [] },
      done: { id, type: 'reasoning', summary: [], content: [part] },
      start,
      end,
      inner: [
        { t: start, type: 'response.content_part.added', payload: { ...at, part: { type: 'reasoning_text', text: '' } } },
        ...timeline.reasoning.map((c) => ({ t: c.t, type: 'response.reasoning_text.delta', payload: { ...at, delta: c.text } })),
        { t: end, type: 'response.reasoning_text.done', payload: { ...at, text: r.reasoning } },
        { t: end, type: 'response.content_part.done', payload: { ...at, part } },
      ],
    });
  }

  const wantsMessage = r.text !== undefined || r.refusal !== undefined || r.toolCalls.length === 0;
  if (wantsMessage) {
    const id = hexId(r, 'msg', 'message-item');
    const output_index = items.length;
    const content: Json[] = [];
    const inner: OutputItem['inner'] = [];
    const text = r.text ?? (r.refusal === undefined ? '' : undefined);
    const textSpan = span(timeline.text, timeline.first);
    const refusalSpan = span(timeline.refusal, textSpan.end);
    if (text !== undefined) {
      const at = { item_id: id, output_index, content_index: content.length };
      const part = { type: 'output_text', annotations: [], logprobs: [], text };
      inner.push(
        { t: textSpan.start, type: 'response.content_part.added', payload: { ...at, part: { ...part, text: '' } } },
        ...timeline.text.map((c) => ({ t: c.t, type: 'response.output_text.delta', payload: { ...at, delta: c.text, logprobs: [] } })),
        { t: textSpan.end, type: 'response.output_text.done', payload: { ...at, text, logprobs: [] } },
        { t: textSpan.end, type: 'response.content_part.done', payload: { ...at, part } },
      );
      content.push(part);
    }
    if (r.refusal !== undefined) {
      const at = { item_id: id, output_index, content_index: content.length };
      const part = { type: 'refusal', refusal: r.refusal };
      inner.push(
        { t: refusalSpan.start, type: 'response.content_part.added', payload: { ...at, part: { ...part, refusal: '' } } },
        ...timeline.refusal.map((c) => ({ t: c.t, type: 'response.refusal.delta', payload: { ...at, delta: c.text } })),
        { t: refusalSpan.end, type: 'response.refusal.done', payload: { ...at, refusal: r.refusal } },
        { t: refusalSpan.end, type: 'response.content_part.done', payload: { ...at, part } },
      );
      content.push(part);
    }
    items.push({
      added: { id, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
      done: { id, type: 'message', status: 'completed', content, role: 'assistant' },
      start: inner[0]?.t ?? timeline.first,
      end: inner[inner.length - 1]?.t ?? timeline.first,
      inner,
    });
  }

  r.toolCalls.forEach((call, i) => {
    const id = hexId(r, 'fc', `function-call-${i}`);
    const call_id = toolCallId(r, i, 'call_', 24);
    const tool = timeline.tools[i]!;
    const end = tool.args[tool.args.length - 1]?.t ?? tool.t;
    const at = { item_id: id, output_index: items.length };
    items.push({
      added: { id, type: 'function_call', status: 'in_progress', arguments: '', call_id, name: call.name },
      done: { id, type: 'function_call', status: 'completed', arguments: call.argumentsJson, call_id, name: call.name },
      start: tool.t,
      end,
      inner: [
        ...tool.args.map((c) => ({ t: c.t, type: 'response.function_call_arguments.delta', payload: { ...at, delta: c.text } })),
        { t: end, type: 'response.function_call_arguments.done', payload: { ...at, arguments: call.argumentsJson } },
      ],
    });
  });
  return items;
}

function responseObject(r: ResolvedReply, status: string, output: Json[], usage: Json | null): Json {
  const body = asRecord(r.req.json) ?? {};
  const incomplete = status === 'incomplete' ? { reason: r.canonicalFinish === 'content_filter' ? 'content_filter' : 'max_output_tokens' } : null;
  return {
    id: r.reply.id ?? hexId(r, 'resp', 'response-id'),
    object: 'response',
    created_at: createdSeconds(r),
    status,
    background: false,
    error: null,
    incomplete_details: incomplete,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    model: r.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    prompt_cache_retention: body.prompt_cache_retention ?? null,
    reasoning: { effort: asRecord(body.reasoning)?.effort ?? null, summary: asRecord(body.reasoning)?.summary ?? null },
    safety_identifier: body.safety_identifier ?? null,
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: asRecord(body.text)?.format ?? { type: 'text' }, verbosity: asRecord(body.text)?.verbosity ?? 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage,
    user: null,
    metadata: body.metadata ?? {},
  };
}

function finalStatus(r: ResolvedReply): 'completed' | 'incomplete' {
  return r.canonicalFinish === 'length' || r.canonicalFinish === 'content_filter' ? 'incomplete' : 'completed';
}

function responsesUsage(r: ResolvedReply): Json {
  const { prompt, completion, reasoning } = r.usage;
  return {
    input_tokens: prompt,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: completion,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: prompt + completion,
  };
}

export function renderOpenAIResponses(r: ResolvedReply): StoredResponse {
  const items = outputItems(r);
  const status = finalStatus(r);
  const final = responseObject(
    r,
    status,
    items.map((i) => i.done),
    responsesUsage(r),
  );
  if (!r.stream) return jsonResponse(openaiStatus(r), openaiHeaders(r, OPENAI_JSON), final, { indent: 2 }, r.timeline.end);

  const events: StoredEvent[] = [];
  let sequence = 0;
  const emit = (t: number, type: string, payload: Json): void => {
    events.push(sseData(t, { type, sequence_number: sequence++, ...payload }, type));
  };
  const skeleton = responseObject(r, 'in_progress', [], null);
  emit(0, 'response.created', { response: skeleton });
  emit(0, 'response.in_progress', { response: skeleton });
  items.forEach((item, output_index) => {
    emit(item.start, 'response.output_item.added', { output_index, item: item.added });
    for (const e of item.inner) emit(e.t, e.type, e.payload);
    emit(item.end, 'response.output_item.done', { output_index, item: item.done });
  });
  emit(r.timeline.end, status === 'completed' ? 'response.completed' : 'response.incomplete', { response: final });
  return streamResponse(openaiStatus(r), openaiHeaders(r, OPENAI_SSE), 'sse', events);
}
