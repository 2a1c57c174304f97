import type { SampleRequest, SampleTurn } from '../provider.js';
import { concreteGlobPath } from '../sample-paths.js';

/** OpenAI's chat endpoint, or the matcher's path made concrete. */
export function openaiChatPath(_model: string, _stream: boolean, glob?: string): string {
  return glob ? concreteGlobPath(glob) : '/v1/chat/completions';
}

/** A Chat Completions request (a Responses request when the path is `…/responses`). */
export function openaiChatRequest(turns: readonly SampleTurn[], model: string, stream: boolean, path: string): SampleRequest {
  const body = path.endsWith('/responses')
    ? { model, input: [...turns].reverse().find((t) => t.role === 'user')?.content ?? 'Hello!', ...(stream ? { stream: true } : {}) }
    : {
        model,
        messages: turns.map((t) => (t.role === 'tool' ? { role: 'tool', tool_call_id: 'call_1', content: t.content } : { role: t.role, content: t.content })),
        ...(stream ? { stream: true } : {}),
      };
  return { path, headers: { 'content-type': 'application/json' }, body };
}
