import type { StoredEvent, StoredHeaders, StoredResponse } from '../../../cassette/types.js';
import { asRecord } from '../../request-fields.js';
import { embeddingDimensions, embeddingVector } from '../../../handwritten/embedding-vector.js';
import type { ResolvedReply } from '../../../handwritten/resolved-reply.js';
import { jsonResponse, streamResponse } from '../../../handwritten/stored-response.js';

/**
 * Google Gemini (`/v1beta/models/{model}:generateContent`, `:streamGenerateContent`,
 * `:countTokens`, `:embedContent`, `:batchEmbedContents`).
 *
 * JSON: 2-space pretty with a trailing LF, `application/json; charset=UTF-8`. Parts in order:
 * reasoning as `{text, thought: true}`, the text (a refusal is one more text part),
 * `functionCall` parts (`args` as an object). `usageMetadata.candidatesTokenCount` excludes
 * thoughts, reported as `thoughtsTokenCount`.
 * SSE (`?alt=sse`): `data: <json>\r\n\r\n` — CRLF, and the JSON spaced like Gemini's
 * (`{"text": "six"}`, `,` without space), so each event is stored `raw`. One part per chunk;
 * early chunks carry prompt-only usage, the last carries `finishReason` and the full usage.
 * Without `alt=sse` the stream endpoint answers one JSON array of those chunks.
 */

export const GEMINI_JSON = 'application/json; charset=UTF-8';
export const GEMINI_SSE = 'text/event-stream';

type Json = Record<string, unknown>;

function status(r: ResolvedReply): number {
  return r.reply.status ?? 200;
}

/** JSON printed the way Gemini's SSE chunks are: `": "` after keys, `,` between items, no other whitespace. */
export function geminiJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => geminiJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Json).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${geminiJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function promptDetails(r: ResolvedReply): Json[] {
  return [{ modality: 'TEXT', tokenCount: r.usage.prompt }];
}

function fullUsage(r: ResolvedReply): Json {
  const { prompt, completion, reasoning } = r.usage;
  const usage: Json = { promptTokenCount: prompt, candidatesTokenCount: completion - reasoning, totalTokenCount: prompt + completion, promptTokensDetails: promptDetails(r) };
  if (reasoning > 0) usage.thoughtsTokenCount = reasoning;
  return usage;
}

function responseId(r: ResolvedReply): string {
  return r.reply.id ?? r.ids.token('response-id', 23);
}

function candidate(r: ResolvedReply, parts: Json[], last: boolean): Json {
  const c: Json = { content: { parts, role: 'model' } };
  if (last) c.finishReason = r.finish;
  c.index = 0;
  return c;
}

function chunkObject(r: ResolvedReply, parts: Json[], last: boolean): Json {
  return {
    candidates: [candidate(r, parts, last)],
    usageMetadata: last ? fullUsage(r) : { promptTokenCount: r.usage.prompt, totalTokenCount: r.usage.prompt, promptTokensDetails: promptDetails(r) },
    modelVersion: r.model,
    responseId: responseId(r),
  };
}

function allParts(r: ResolvedReply): Json[] {
  const parts: Json[] = [];
  if (r.reasoning !== undefined) parts.push({ text: r.reasoning, thought: true });
  if (r.text !== undefined) parts.push({ text: r.text });
  if (r.refusal !== undefined) parts.push({ text: r.refusal });
  for (const call of r.toolCalls) parts.push({ functionCall: { name: call.name, args: call.arguments } });
  if (parts.length === 0) parts.push({ text: '' });
  return parts;
}

/** The stream's chunks: one part each, at their planned offsets. */
function streamChunks(r: ResolvedReply): Array<{ t: number; part: Json }> {
  const { timeline } = r;
  const chunks = [
    ...timeline.reasoning.map((c) => ({ t: c.t, part: { text: c.text, thought: true } as Json })),
    ...timeline.text.map((c) => ({ t: c.t, part: { text: c.text } as Json })),
    ...timeline.refusal.map((c) => ({ t: c.t, part: { text: c.text } as Json })),
    ...r.toolCalls.map((call, i) => {
      const tool = timeline.tools[i]!;
      return { t: tool.args[tool.args.length - 1]?.t ?? tool.t, part: { functionCall: { name: call.name, args: call.arguments } } as Json };
    }),
  ];
  return chunks.length > 0 ? chunks : [{ t: timeline.end, part: { text: '' } }];
}

export function renderGeminiGenerate(r: ResolvedReply): StoredResponse {
  if (!r.stream) {
    const json = { candidates: [candidate(r, allParts(r), true)], usageMetadata: fullUsage(r), modelVersion: r.model, responseId: responseId(r) };
    return jsonResponse(status(r), { 'content-type': GEMINI_JSON }, json, { indent: 2, newline: true }, r.timeline.end);
  }
  const chunks = streamChunks(r);
  const objects = chunks.map((c, i) => chunkObject(r, [c.part], i === chunks.length - 1));
  if (r.req.query.get('alt') !== 'sse') return jsonResponse(status(r), { 'content-type': GEMINI_JSON }, objects, { indent: 2, newline: true }, r.timeline.end);
  const headers: StoredHeaders = { 'content-type': GEMINI_SSE, 'content-disposition': 'attachment' };
  const events: StoredEvent[] = objects.map((o, i) => ({ t: chunks[i]!.t, raw: `data: ${geminiJson(o)}\r\n\r\n` }));
  return streamResponse(status(r), headers, 'sse', events);
}

/** `:countTokens` → `{totalTokens, promptTokensDetails}`. */
export function renderGeminiCountTokens(r: ResolvedReply): StoredResponse {
  return jsonResponse(status(r), { 'content-type': GEMINI_JSON }, { totalTokens: r.usage.prompt, promptTokensDetails: promptDetails(r) }, { indent: 2, newline: true });
}

/** `:embedContent` → `{embedding: {values}}`; `:batchEmbedContents` → `{embeddings: [{values}…]}`. Dimensions: `reply.embedding_dimensions`, else `outputDimensionality`, else 8. */
export function renderGeminiEmbed(r: ResolvedReply): StoredResponse {
  const body = asRecord(r.req.json) ?? {};
  const textOf = (req: unknown): string => {
    const parts = asRecord(asRecord(req)?.content)?.parts;
    return Array.isArray(parts) ? parts.map((p) => String(asRecord(p)?.text ?? '')).join('\n') : '';
  };
  const dims = (req: unknown) => embeddingDimensions(r.reply, { dimensions: asRecord(req)?.outputDimensionality });
  const embed = (req: unknown) => ({ values: embeddingVector(textOf(req), dims(req), r.reply.seed) });
  const json = Array.isArray(body.requests) ? { embeddings: body.requests.map(embed) } : { embedding: embed(body) };
  return jsonResponse(status(r), { 'content-type': GEMINI_JSON }, json, { indent: 2, newline: true });
}
