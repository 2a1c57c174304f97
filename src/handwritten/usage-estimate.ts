import type { ReplySpec } from '../cassette/types.js';
import { CHARS_PER_TOKEN, codePoints } from './chunk-planner.js';
import type { Conversation } from './conversation.js';

/**
 * Token counts for rendered replies. Not a real tokenizer — a stable, documented estimate,
 * so usage numbers never change between runs or versions:
 * **tokens(text) = ceil(code points / 4), and at least 1 for non-empty text; 0 for empty.**
 */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  return Math.max(1, Math.ceil(codePoints(text) / CHARS_PER_TOKEN));
}

/**
 * Prompt tokens of a request: the sum of {@link estimateTokens} over the content of every
 * message of the extracted conversation (system prompt included), at least 1 when the
 * conversation has any message at all.
 */
export function estimatePromptTokens(conversation: Conversation): number {
  const sum = conversation.messages.reduce((n, m) => n + estimateTokens(m.content), 0);
  return conversation.messages.length > 0 ? Math.max(1, sum) : 0;
}

/** The parts of a reply that count as generated output. */
export interface CompletionParts {
  text?: string;
  reasoning?: string;
  refusal?: string;
  /** Tool calls with their arguments as the JSON string sent on the wire. */
  toolCalls?: Array<{ name: string; arguments: string }>;
}

export interface UsageEstimate {
  prompt: number;
  /** Output tokens, reasoning included (as OpenAI's `completion_tokens` counts them). */
  completion: number;
  /** The reasoning share of `completion`. */
  reasoning: number;
}

/**
 * Completion tokens = tokens(text) + tokens(refusal) + tokens(reasoning) + Σ tokens(name) +
 * tokens(arguments). `reply.usage` values replace the estimates they name; when
 * `completion_tokens` is given, the reasoning share is capped at it.
 */
export function estimateUsage(conversation: Conversation, parts: CompletionParts, given?: ReplySpec['usage']): UsageEstimate {
  const reasoning = estimateTokens(parts.reasoning ?? '');
  let completion = estimateTokens(parts.text ?? '') + estimateTokens(parts.refusal ?? '') + reasoning;
  for (const call of parts.toolCalls ?? []) completion += estimateTokens(call.name) + estimateTokens(call.arguments);
  const finalCompletion = given?.completion_tokens ?? completion;
  return {
    prompt: given?.prompt_tokens ?? estimatePromptTokens(conversation),
    completion: finalCompletion,
    reasoning: Math.min(reasoning, finalCompletion),
  };
}
