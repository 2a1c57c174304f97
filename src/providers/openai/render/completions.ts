import type { StoredEvent, StoredResponse } from '../../../cassette/types.js';
import { createdSeconds, type ResolvedReply } from '../../../handwritten/resolved-reply.js';
import { includeUsage, OPENAI_JSON, OPENAI_SSE, openaiHeaders, openaiStatus } from './chat.js';
import { jsonResponse, sseData, streamResponse } from '../../../handwritten/stored-response.js';

/**
 * Legacy OpenAI completions (`/v1/completions`). Only `text` is rendered (a refusal reads
 * as text; tool calls and reasoning do not exist here). JSON: pretty with trailing LF.
 * SSE chunks keep `object: "text_completion"` and the captured key order
 * (`id, object, created, choices, model`); the last text chunk carries the finish reason;
 * `stream_options.include_usage` adds `usage:null` to each chunk and a final `choices:[]`
 * usage chunk; then `data: [DONE]`.
 */
export function renderOpenAICompletions(r: ResolvedReply): StoredResponse {
  const id = r.reply.id ?? `cmpl-${r.ids.token('completion-id', 29)}`;
  const created = createdSeconds(r);
  const text = r.text ?? r.refusal ?? '';
  const usage = { prompt_tokens: r.usage.prompt, completion_tokens: r.usage.completion, total_tokens: r.usage.prompt + r.usage.completion };
  if (!r.stream) {
    const json = { id, object: 'text_completion', created, model: r.model, choices: [{ text, index: 0, logprobs: null, finish_reason: r.finish }], usage };
    return jsonResponse(openaiStatus(r), openaiHeaders(r, OPENAI_JSON), json, { indent: 2, newline: true }, r.timeline.end);
  }
  const withUsage = includeUsage(r);
  const chunks = r.text !== undefined ? r.timeline.text : r.timeline.refusal;
  const pieces = chunks.length > 0 ? chunks : [{ text: '', t: r.timeline.end }];
  const events: StoredEvent[] = pieces.map((c, i) => {
    const data: Record<string, unknown> = {
      id,
      object: 'text_completion',
      created,
      choices: [{ text: c.text, index: 0, logprobs: null, finish_reason: i === pieces.length - 1 ? r.finish : null }],
      model: r.model,
    };
    if (withUsage) data.usage = null;
    return sseData(c.t, data);
  });
  const end = Math.max(r.timeline.end, pieces[pieces.length - 1]!.t);
  if (withUsage) events.push(sseData(end, { id, object: 'text_completion', created, choices: [], model: r.model, usage }));
  events.push({ t: end, text: '[DONE]' });
  return streamResponse(openaiStatus(r), openaiHeaders(r, OPENAI_SSE), 'sse', events);
}
