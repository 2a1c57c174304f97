import type { ReplySpec } from '../cassette/types.js';
import type { ProviderAdapter, RequestView } from '../providers/provider.js';
import { extractConversation, type Conversation } from './conversation.js';
import { canonicalFinish, finishReason, type CanonicalFinish } from './finish-reason.js';
import { StableIds } from './stable-id.js';
import { planTimeline, type Timeline } from './stream-timeline.js';
import { renderTemplate, renderTemplateDeep, type TemplateContext } from './template.js';
import { estimateUsage, type UsageEstimate } from './usage-estimate.js';

/** What every renderer gets besides the reply: see `renderReply`. */
export interface RenderContext {
  provider: ProviderAdapter;
  /** Models listed by `/v1/models`, `/api/tags`, `/api/ps`. */
  knownModels: string[];
  /** Clock for `created` timestamps. Default: derived from the request hash (byte-stable). */
  now?: () => number;
}

export interface ResolvedToolCall {
  /** The id given in the reply, if any (renderers derive one in their provider's format otherwise). */
  id?: string;
  name: string;
  /** Arguments as the JSON string OpenAI sends. */
  argumentsJson: string;
  /** Arguments as an object (Ollama, Anthropic, Gemini); `{}` when the string is not a JSON object. */
  arguments: Record<string, unknown>;
}

/** A reply with templates rendered, defaults applied and its timeline planned: what renderers print. */
export interface ResolvedReply {
  reply: ReplySpec;
  req: RequestView;
  ctx: RenderContext;
  conversation: Conversation;
  /** `reply.model`, else the requested model, else {@link DEFAULT_MODEL}. */
  model: string;
  text?: string;
  reasoning?: string;
  refusal?: string;
  toolCalls: ResolvedToolCall[];
  /** Finish reason in the request provider's vocabulary. */
  finish: string;
  /** Canonical meaning of `finish` (undefined for a verbatim value). */
  canonicalFinish?: CanonicalFinish;
  usage: UsageEstimate;
  ids: StableIds;
  /** Creation instant in ms since the epoch. */
  createdMs: number;
  timeline: Timeline;
  stream: boolean;
}

/** Model name used when neither the reply nor the request names one. */
export const DEFAULT_MODEL = 'mockllm';

export function resolveReply(reply: ReplySpec, req: RequestView, ctx: RenderContext): ResolvedReply {
  const conversation = extractConversation(req, ctx.provider);
  const requested = ctx.provider.model(req);
  const tctx: TemplateContext = { conversation, model: requested ?? '', body: req.json };
  const render = (s: string | undefined): string | undefined => (s === undefined ? undefined : renderTemplate(s, tctx));

  const text = render(reply.text);
  const reasoning = render(reply.reasoning);
  const refusal = render(reply.refusal);
  const toolCalls = (reply.tool_calls ?? []).map((call): ResolvedToolCall => {
    const argumentsJson =
      typeof call.arguments === 'string' ? renderTemplate(call.arguments, tctx, { jsonString: true }) : JSON.stringify(renderTemplateDeep(call.arguments ?? {}, tctx));
    const resolved: ResolvedToolCall = { name: call.name, argumentsJson, arguments: parseObject(argumentsJson) };
    if (call.id !== undefined) resolved.id = call.id;
    return resolved;
  });

  // A chunk list is used only when it spells the text exactly (validation reports it otherwise).
  let textPieces: string[] | undefined;
  if (Array.isArray(reply.chunking) && reply.text !== undefined && reply.chunking.join('') === reply.text)
    textPieces = reply.chunking.map((p) => renderTemplate(p, tctx)).filter((p) => p !== '');

  const timeline = planTimeline(
    { reasoning, text, textPieces, refusal, toolCalls: toolCalls.map((c) => ({ name: c.name, arguments: c.argumentsJson })) },
    {
      chunking: textPieces ? reply.chunking : Array.isArray(reply.chunking) ? 'token' : reply.chunking,
      ttft_ms: reply.ttft_ms,
      tokens_per_second: reply.tokens_per_second,
      pauses: reply.pauses,
    },
  );
  const ids = new StableIds(req, reply);
  const hasTools = toolCalls.length > 0;
  const resolved: ResolvedReply = {
    reply,
    req,
    ctx,
    conversation,
    model: reply.model ?? (requested || DEFAULT_MODEL),
    toolCalls,
    finish: finishReason(ctx.provider, reply.finish_reason, hasTools),
    usage: estimateUsage(conversation, { text, reasoning, refusal, toolCalls: toolCalls.map((c) => ({ name: c.name, arguments: c.argumentsJson })) }, reply.usage),
    ids,
    createdMs: ctx.now ? ctx.now() : ids.createdMs(),
    timeline,
    stream: ctx.provider.wantsStream(req),
  };
  const canonical = canonicalFinish(reply.finish_reason, hasTools);
  if (canonical) resolved.canonicalFinish = canonical;
  if (text !== undefined) resolved.text = text;
  if (reasoning !== undefined) resolved.reasoning = reasoning;
  if (refusal !== undefined) resolved.refusal = refusal;
  return resolved;
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Models a listing endpoint shows: the context's `knownModels`, plus `reply.model` when given and not yet listed. */
export function listedModels(r: ResolvedReply): string[] {
  const list = [...r.ctx.knownModels];
  if (r.reply.model !== undefined && !list.includes(r.reply.model)) list.push(r.reply.model);
  return list;
}

/** Seconds since the epoch of the reply's creation. */
export function createdSeconds(r: ResolvedReply): number {
  return Math.floor(r.createdMs / 1000);
}

/** The tool call's given id, or `prefix` + a stable token of `length` characters. */
export function toolCallId(r: ResolvedReply, index: number, prefix: string, length: number): string {
  return r.toolCalls[index]?.id ?? `${prefix}${r.ids.token(`tool-call-${index}`, length)}`;
}
