import type { ProviderName } from '../providers/provider.js';

/** Provider-independent finish reasons (OpenAI's names). */
export type CanonicalFinish = 'stop' | 'length' | 'tool_calls' | 'content_filter';

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

const NATIVE: Record<ProviderName, Record<CanonicalFinish, string>> = {
  openai: { stop: 'stop', length: 'length', tool_calls: 'tool_calls', content_filter: 'content_filter' },
  // Anthropic has no content filter reason; `refusal` is its stop reason for declined requests.
  anthropic: { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' },
  // Gemini ends a function-call turn with STOP.
  gemini: { stop: 'STOP', length: 'MAX_TOKENS', tool_calls: 'STOP', content_filter: 'SAFETY' },
  // Ollama reports `stop` for a tool-call turn too.
  ollama: { stop: 'stop', length: 'length', tool_calls: 'stop', content_filter: 'stop' },
};

/**
 * The finish reason a reply ends with, in `provider`'s vocabulary. Default: `tool_calls`
 * when the reply has tool calls, else `stop`. A given `finish_reason` may be written in any
 * provider's spelling (`end_turn`, `MAX_TOKENS`, `tool_use`…) and is translated; a value
 * none of them knows is sent verbatim (e.g. Anthropic `pause_turn`).
 */
export function finishReason(provider: ProviderName, given: string | undefined, hasToolCalls: boolean): string {
  if (given === undefined) return NATIVE[provider][hasToolCalls ? 'tool_calls' : 'stop'];
  const canonical = ALIASES[given];
  return canonical ? NATIVE[provider][canonical] : given;
}

/** The canonical meaning of a reply's finish reason (undefined for a verbatim, unknown one). */
export function canonicalFinish(given: string | undefined, hasToolCalls: boolean): CanonicalFinish | undefined {
  if (given === undefined) return hasToolCalls ? 'tool_calls' : 'stop';
  return ALIASES[given];
}
