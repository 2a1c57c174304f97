import type { SampleRequest, SampleTurn } from '../provider.js';
import { concreteGlobPath } from '../sample-paths.js';

export function anthropicChatPath(_model: string, _stream: boolean, glob?: string): string {
  return glob ? concreteGlobPath(glob) : '/v1/messages';
}

/** A Messages request; tool results travel as `tool_result` blocks in a user turn. */
export function anthropicChatRequest(turns: readonly SampleTurn[], model: string, stream: boolean, path: string): SampleRequest {
  const body = {
    model,
    max_tokens: 1024,
    messages: turns.map((t) => (t.role === 'tool' ? { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: t.content }] } : { role: t.role, content: t.content })),
    ...(stream ? { stream: true } : {}),
  };
  return { path, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body };
}
