import type { MatchSpec, TextPattern } from '../cassette/types.js';
import { endpointFor, type ProviderAdapter, type RequestView } from '../providers/provider.js';
import { extractConversation, normalizeRole, type Conversation, type ConversationMessage } from './conversation.js';
import { subsetMismatch } from './json-subset.js';
import { matchesGlob } from './path-glob.js';
import { compileTextPattern, modelRegex, quote } from './text-pattern.js';

/** The verdict of one matcher on one request, explainable line by line. */
export interface MatchResult {
  matched: boolean;
  /** One readable line per failed condition, e.g. `model: wanted prefix 'gpt-4' but got 'llama3'`. */
  failed: string[];
  /** How many conditions held (ranks near misses: more passed = closer). */
  passed: number;
}

/**
 * Evaluates a hand-written partial matcher against a request. Every condition present in
 * `spec` must hold; absent conditions are not checked. Each failure is explained in one line
 * naming the condition, what it wanted and what the request had.
 *
 * - `method`: case-insensitive. `path`: glob (see {@link matchesGlob}). `provider`: the detected adapter.
 * - Without `path`, the request must go to one of its provider's endpoints (the adapter's
 *   `endpoints`: chat, completions, responses, embeddings, messages, generateContent,
 *   `/api/chat`…): a rule or model alias written for a conversation never answers a path no
 *   provider serves. This implicit condition explains a failure but is not counted as passed.
 * - `model`: the adapter's model (body `model`, Ollama `name`, Gemini path): exact, `{prefix}`, `{regex}`.
 * - `body`: deep JSON subset of the parsed body (arrays by position).
 * - `last_user_message`, `system`: text patterns on the extracted conversation.
 * - `conversation`: steps `{role?, content?}` that must occur in order as a subsequence of the messages.
 * - `has_tools`, `has_tool_result`: booleans. `stream`: the adapter's `wantsStream`.
 * An invalid regex counts as a failed condition (validation reports it at load time).
 */
export function evaluateMatch(spec: MatchSpec, req: RequestView, provider: ProviderAdapter): MatchResult {
  const failed: string[] = [];
  let passed = 0;
  const check = (failure: string | undefined): void => {
    if (failure === undefined) passed++;
    else failed.push(failure);
  };
  let conversation: Conversation | undefined;
  const conv = (): Conversation => (conversation ??= extractConversation(req, provider));

  if (spec.method !== undefined)
    check(spec.method.toUpperCase() === req.method.toUpperCase() ? undefined : `method: wanted ${spec.method.toUpperCase()} but got ${req.method.toUpperCase()}`);
  if (spec.path !== undefined)
    check(matchesGlob(spec.path, req.path) ? undefined : `path: wanted glob ${quote(spec.path)} but got ${quote(req.path)}`);
  else if (endpointFor(provider, req.path) === undefined)
    failed.push(`path: none given, so one of the ${provider.name} endpoints, but ${quote(req.path)} is none of them`);
  if (spec.provider !== undefined)
    check(spec.provider === provider.name ? undefined : `provider: wanted ${spec.provider} but the request is ${provider.name}`);
  if (spec.model !== undefined) check(modelFailure(spec.model, provider.model(req)));
  if (spec.body !== undefined) {
    const diff = subsetMismatch(spec.body, req.json);
    check(diff === undefined ? undefined : `body: ${req.json === undefined ? 'the request has no JSON body' : diff}`);
  }
  if (spec.last_user_message !== undefined)
    check(textFailure('last_user_message', spec.last_user_message, conv().lastUserMessage, 'the request has no user message'));
  if (spec.system !== undefined) check(textFailure('system', spec.system, conv().system, 'the request has no system prompt'));
  if (spec.conversation !== undefined) check(conversationFailure(spec.conversation, conv().messages));
  if (spec.has_tools !== undefined)
    check(spec.has_tools === conv().hasTools ? undefined : `has_tools: wanted ${spec.has_tools} but the request ${conv().hasTools ? 'declares' : 'declares no'} tools`);
  if (spec.has_tool_result !== undefined)
    check(
      spec.has_tool_result === conv().hasToolResult
        ? undefined
        : `has_tool_result: wanted ${spec.has_tool_result} but the conversation ${conv().hasToolResult ? 'has a' : 'has no'} tool result`,
    );
  if (spec.stream !== undefined) {
    const stream = provider.wantsStream(req);
    check(spec.stream === stream ? undefined : `stream: wanted ${spec.stream} but the request asks for a ${stream ? 'streamed' : 'non-streamed'} response`);
  }
  return { matched: failed.length === 0, failed, passed };
}

function modelFailure(spec: NonNullable<MatchSpec['model']>, model: string | undefined): string | undefined {
  const wanted =
    typeof spec === 'string'
      ? quote(spec)
      : [spec.prefix !== undefined ? `prefix ${quote(spec.prefix)}` : '', spec.regex !== undefined ? `regex /${spec.regex}/` : ''].filter(Boolean).join(' and ') ||
        'any model';
  if (model === undefined) return `model: wanted ${wanted} but the request names no model`;
  let ok: boolean;
  if (typeof spec === 'string') ok = spec === model;
  else {
    ok = spec.prefix === undefined || model.startsWith(spec.prefix);
    if (ok && spec.regex !== undefined) {
      try {
        ok = modelRegex(spec.regex).test(model);
      } catch (e) {
        return `model: invalid regex /${spec.regex}/ (${(e as Error).message})`;
      }
    }
  }
  return ok ? undefined : `model: wanted ${wanted} but got ${quote(model)}`;
}

function textFailure(name: string, pattern: TextPattern, text: string | undefined, missing: string): string | undefined {
  let matcher;
  try {
    matcher = compileTextPattern(pattern);
  } catch (e) {
    return `${name}: invalid pattern (${(e as Error).message})`;
  }
  if (text === undefined) return `${name}: wanted ${matcher.describe()} but ${missing}`;
  return matcher.test(text) ? undefined : `${name}: wanted ${matcher.describe()} but got ${quote(text)}`;
}

type Step = NonNullable<MatchSpec['conversation']>[number];

/** Steps must match messages in order, each step after the message the previous step matched (greedy earliest match). */
function conversationFailure(steps: Step[], messages: ConversationMessage[]): string | undefined {
  let from = 0;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s]!;
    let test: (m: ConversationMessage) => boolean;
    let described: string;
    try {
      const content = step.content !== undefined ? compileTextPattern(step.content) : undefined;
      const role = step.role !== undefined ? normalizeRole(step.role) : undefined;
      test = (m) => (role === undefined || m.role === role) && (content === undefined || content.test(m.content));
      described = [role !== undefined ? `role ${role}` : '', content ? `content ${content.describe()}` : ''].filter(Boolean).join(', ') || 'any message';
    } catch (e) {
      return `conversation: step ${s + 1} has an invalid pattern (${(e as Error).message})`;
    }
    let found = -1;
    for (let i = from; i < messages.length; i++) {
      if (test(messages[i]!)) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      const where = s === 0 ? `among ${messages.length} messages` : `after message ${from} (matched steps 1-${s})`;
      return `conversation: step ${s + 1} {${described}} found no message ${where}`;
    }
    from = found + 1;
  }
  return undefined;
}
