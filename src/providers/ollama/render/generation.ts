import type { StoredEvent, StoredHeaders, StoredResponse } from '../../../cassette/types.js';
import { seededRandom } from '../../../handwritten/stable-id.js';
import { toolCallId, type ResolvedReply } from '../../../handwritten/resolved-reply.js';
import { jsonResponse, ndjsonLine, streamResponse } from '../../../handwritten/stored-response.js';

/**
 * Ollama's native generation endpoints, `/api/chat` and `/api/generate`.
 *
 * Stream (the default; `"stream": false` turns it off): `application/x-ndjson`, one compact
 * object per line — thinking pieces (`thinking`), then content pieces, then one line per tool
 * call (tool calls arrive whole, arguments as an object), then the final `done:true` line with
 * `done_reason` and the metrics. Non-stream: the same final object with the whole message,
 * `application/json; charset=utf-8`, compact, no trailing LF. A refusal reads as content.
 * Key order follows current `api/types.go`: `model, created_at, message|response, done,
 * done_reason, [context], total_duration, load_duration, prompt_eval_count,
 * prompt_eval_duration, eval_count, eval_duration`.
 */

export const OLLAMA_JSON = 'application/json; charset=utf-8';
export const OLLAMA_NDJSON = 'application/x-ndjson';

/** `load_duration` of every rendered reply: 1 ms. */
export const LOAD_DURATION_NS = 1_000_000;
/** Nominal prompt processing speed when no `ttft_ms` says otherwise: 1 ms per prompt token. */
export const NOMINAL_PROMPT_NS_PER_TOKEN = 1_000_000;
/** Nominal generation speed when the reply has no pace: 10 ms per token (100 tokens/s). */
export const NOMINAL_EVAL_NS_PER_TOKEN = 10_000_000;

const MS = 1_000_000;

export function ollamaHeaders(contentType: string): StoredHeaders {
  return { 'content-type': contentType };
}

/**
 * RFC 3339 timestamp as Go prints `time.Time` (fraction without trailing zeros), `offsetMs`
 * after the reply's creation.
 */
export function ollamaTimestamp(r: ResolvedReply, offsetMs = 0): string {
  return new Date(r.createdMs + Math.round(offsetMs)).toISOString().replace(/\.?0+Z$/, 'Z');
}

/**
 * The metrics of the final object, in ns, consistent with the reply's pace:
 * `prompt_eval_duration` = time to the first piece (or the nominal 1 ms/token when that is 0);
 * `eval_duration` = first to last piece (or the nominal 10 ms/token when that is 0);
 * `load_duration` = 1 ms; `total_duration` = their sum. Counts are the usage estimate.
 */
export function ollamaMetrics(r: ResolvedReply): Record<string, number> {
  const { first, end } = r.timeline;
  const promptEval = first > 0 ? Math.round(first * MS) : Math.max(1, r.usage.prompt) * NOMINAL_PROMPT_NS_PER_TOKEN;
  const evalDuration = end > first ? Math.round((end - first) * MS) : Math.max(1, r.usage.completion) * NOMINAL_EVAL_NS_PER_TOKEN;
  return {
    total_duration: LOAD_DURATION_NS + promptEval + evalDuration,
    load_duration: LOAD_DURATION_NS,
    prompt_eval_count: r.usage.prompt,
    prompt_eval_duration: promptEval,
    eval_count: r.usage.completion,
    eval_duration: evalDuration,
  };
}

function ollamaToolCall(r: ResolvedReply, index: number): Record<string, unknown> {
  const call = r.toolCalls[index]!;
  return { id: toolCallId(r, index, 'call_', 8), function: { index, name: call.name, arguments: call.arguments } };
}

function status(r: ResolvedReply): number {
  return r.reply.status ?? 200;
}

/** Content pieces: the text, then a refusal (Ollama has no refusal field). */
function contentChunks(r: ResolvedReply) {
  return [...r.timeline.text, ...r.timeline.refusal];
}

function fullContent(r: ResolvedReply): string {
  return (r.text ?? '') + (r.refusal ?? '');
}

export function renderOllamaChat(r: ResolvedReply): StoredResponse {
  const head = (t: number) => ({ model: r.model, created_at: ollamaTimestamp(r, t) });
  const done = (t: number, message: Record<string, unknown>) => ({ ...head(t), message, done: true, done_reason: r.finish, ...ollamaMetrics(r) });
  if (!r.stream) {
    const message: Record<string, unknown> = { role: 'assistant', content: fullContent(r) };
    if (r.reasoning !== undefined) message.thinking = r.reasoning;
    if (r.toolCalls.length > 0) message.tool_calls = r.toolCalls.map((_, i) => ollamaToolCall(r, i));
    return jsonResponse(status(r), ollamaHeaders(OLLAMA_JSON), done(r.timeline.end, message), {}, r.timeline.end);
  }
  const events: StoredEvent[] = [];
  const line = (t: number, message: Record<string, unknown>) => events.push(ndjsonLine(t, { ...head(t), message, done: false }));
  for (const c of r.timeline.reasoning) line(c.t, { role: 'assistant', content: '', thinking: c.text });
  for (const c of contentChunks(r)) line(c.t, { role: 'assistant', content: c.text });
  r.timeline.tools.forEach((tool, i) => {
    const t = tool.args[tool.args.length - 1]?.t ?? tool.t;
    line(t, { role: 'assistant', content: '', tool_calls: [ollamaToolCall(r, i)] });
  });
  events.push(ndjsonLine(r.timeline.end, done(r.timeline.end, { role: 'assistant', content: '' })));
  return streamResponse(status(r), ollamaHeaders(OLLAMA_NDJSON), 'ndjson', events);
}

/**
 * `context` of a final `/api/generate` object: token ids standing for prompt + reply, one per
 * estimated token, drawn deterministically (values below 128000 like a llama vocabulary).
 */
export function generateContext(r: ResolvedReply): number[] {
  const random = seededRandom(r.ids.int('context'));
  return Array.from({ length: r.usage.prompt + r.usage.completion }, () => Math.floor(random() * 128_000));
}

export function renderOllamaGenerate(r: ResolvedReply): StoredResponse {
  const head = (t: number) => ({ model: r.model, created_at: ollamaTimestamp(r, t) });
  const done = (t: number, response: string, thinking?: string) => ({
    ...head(t),
    response,
    ...(thinking !== undefined ? { thinking } : {}),
    done: true,
    done_reason: r.finish,
    context: generateContext(r),
    ...ollamaMetrics(r),
  });
  if (!r.stream) return jsonResponse(status(r), ollamaHeaders(OLLAMA_JSON), done(r.timeline.end, fullContent(r), r.reasoning), {}, r.timeline.end);
  const events: StoredEvent[] = [];
  for (const c of r.timeline.reasoning) events.push(ndjsonLine(c.t, { ...head(c.t), response: '', thinking: c.text, done: false }));
  for (const c of contentChunks(r)) events.push(ndjsonLine(c.t, { ...head(c.t), response: c.text, done: false }));
  events.push(ndjsonLine(r.timeline.end, done(r.timeline.end, '')));
  return streamResponse(status(r), ollamaHeaders(OLLAMA_NDJSON), 'ndjson', events);
}
