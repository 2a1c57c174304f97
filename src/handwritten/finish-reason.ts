import type { CanonicalFinish, ProviderAdapter } from '../providers/provider.js';

export type { CanonicalFinish };

/** Provider-native spellings accepted in `reply.finish_reason`, read as their canonical meaning. */
const ALIASES: Record<string, CanonicalFinish> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  STOP: 'stop',
  length: 'length',
  max_tokens: 'length',
  MAX_TOKENS: 'length',
  tool_calls: 'tool_calls',
  tool_use: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  refusal: 'content_filter',
  SAFETY: 'content_filter',
};

/**
 * The finish reason a reply ends with, in the provider's vocabulary (the adapter's
 * `finishReasons`). Default: `tool_calls` when the reply has tool calls, else `stop`. A given
 * `finish_reason` may be written in any provider's spelling (`end_turn`, `MAX_TOKENS`,
 * `tool_use`…) and is translated; a value none of them knows is sent verbatim (e.g.
 * Anthropic `pause_turn`).
 */
export function finishReason(provider: ProviderAdapter, given: string | undefined, hasToolCalls: boolean): string {
  if (given === undefined) return provider.finishReasons[hasToolCalls ? 'tool_calls' : 'stop'];
  const canonical = ALIASES[given];
  return canonical ? provider.finishReasons[canonical] : given;
}

/** The canonical meaning of a reply's finish reason (undefined for a verbatim, unknown one). */
export function canonicalFinish(given: string | undefined, hasToolCalls: boolean): CanonicalFinish | undefined {
  if (given === undefined) return hasToolCalls ? 'tool_calls' : 'stop';
  return ALIASES[given];
}
