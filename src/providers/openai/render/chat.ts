import type { StoredEvent, StoredHeaders, StoredResponse } from '../../../cassette/types.js';
import { asRecord } from '../../request-fields.js';
import { createdSeconds, toolCallId, type ResolvedReply } from '../../../handwritten/resolved-reply.js';
import { jsonResponse, sseData, streamResponse } from '../../../handwritten/stored-response.js';

/**
 * OpenAI Chat Completions (`/v1/chat/completions`, also Azure deployments, Groq, Ollama's
 * `/v1` and any OpenAI-compatible path ending in `/chat/completions`).
 *
 * JSON: pretty-printed (2 spaces) with a trailing LF, key order as api.openai.com.
 * SSE: `data: {…}\n\n` chunks in the order role → `reasoning_content` deltas → content deltas
 * → refusal deltas → tool-call deltas (first carries id/type/name and `arguments:""`, then
 * argument fragments) → `delta:{}` + finish_reason → (with `stream_options.include_usage`:
 * `usage:null` on every chunk and a final `choices:[]` usage chunk) → `data: [DONE]`.
 * No `obfuscation` padding (it is random and clients ignore it).
 */

export const OPENAI_JSON = 'application/json';
export const OPENAI_SSE = 'text/event-stream; charset=utf-8';

export function openaiHeaders(r: ResolvedReply, contentType: string): StoredHeaders {
  return { 'content-type': contentType, 'x-request-id': `req_${r.ids.token('request-id', 32, 'hex')}` };
}

export function openaiStatus(r: ResolvedReply): number {
  return r.reply.status ?? 200;
}

/** The `usage` object of chat completions. */
export function chatUsage(r: ResolvedReply): Record<string, unknown> {
  const { prompt, completion, reasoning } = r.usage;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** Whether the request asked for the final usage chunk (`stream_options.include_usage`). */
export function includeUsage(r: ResolvedReply): boolean {
  return asRecord(asRecord(r.req.json)?.stream_options)?.include_usage === true;
}

function completionId(r: ResolvedReply): string {
  return r.reply.id ?? `chatcmpl-${r.ids.token('completion-id', 29)}`;
}

export function renderOpenAIChat(r: ResolvedReply): StoredResponse {
  return r.stream ? chatStream(r) : chatJson(r);
}

function chatJson(r: ResolvedReply): StoredResponse {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: r.text ?? (r.toolCalls.length > 0 || r.refusal !== undefined ? null : ''),
  };
  if (r.reasoning !== undefined) message.reasoning_content = r.reasoning;
  message.refusal = r.refusal ?? null;
  if (r.toolCalls.length > 0)
    message.tool_calls = r.toolCalls.map((c, i) => ({
      id: toolCallId(r, i, 'call_', 24),
      type: 'function',
      function: { name: c.name, arguments: c.argumentsJson },
    }));
  message.annotations = [];
  const json = {
    id: completionId(r),
    object: 'chat.completion',
    created: createdSeconds(r),
    model: r.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: r.finish }],
    usage: chatUsage(r),
    service_tier: 'default',
    system_fingerprint: null,
  };
  return jsonResponse(openaiStatus(r), openaiHeaders(r, OPENAI_JSON), json, { indent: 2, newline: true }, r.timeline.end);
}

function chatStream(r: ResolvedReply): StoredResponse {
  const withUsage = includeUsage(r);
  const base = { id: completionId(r), object: 'chat.completion.chunk', created: createdSeconds(r), model: r.model, service_tier: 'default', system_fingerprint: null };
  const chunk = (t: number, delta: Record<string, unknown>, finish: string | null = null): StoredEvent => {
    const data: Record<string, unknown> = { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
    if (withUsage) data.usage = null;
    return sseData(t, data);
  };
  const { timeline } = r;
  const events: StoredEvent[] = [chunk(0, { role: 'assistant', content: '', refusal: null })];
  for (const c of timeline.reasoning) events.push(chunk(c.t, { reasoning_content: c.text }));
  for (const c of timeline.text) events.push(chunk(c.t, { content: c.text }));
  for (const c of timeline.refusal) events.push(chunk(c.t, { refusal: c.text }));
  r.toolCalls.forEach((call, index) => {
    const tool = timeline.tools[index]!;
    events.push(
      chunk(tool.t, { tool_calls: [{ index, id: toolCallId(r, index, 'call_', 24), type: 'function', function: { name: call.name, arguments: '' } }] }),
    );
    for (const c of tool.args) events.push(chunk(c.t, { tool_calls: [{ index, function: { arguments: c.text } }] }));
  });
  events.push(chunk(timeline.end, {}, r.finish));
  if (withUsage) events.push(sseData(timeline.end, { ...base, choices: [], usage: chatUsage(r) }));
  events.push({ t: timeline.end, text: '[DONE]' });
  return streamResponse(openaiStatus(r), openaiHeaders(r, OPENAI_SSE), 'sse', events);
}
