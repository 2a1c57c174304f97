import type { SampleRequest, SampleTurn } from '../provider.js';
import { concreteGlobPath } from '../sample-paths.js';

export function ollamaChatPath(_model: string, _stream: boolean, glob?: string): string {
  return glob ? concreteGlobPath(glob) : '/api/chat';
}

/** An `/api/chat` request (`/api/generate` with the last user message as `prompt`). */
export function ollamaChatRequest(turns: readonly SampleTurn[], model: string, stream: boolean, path: string): SampleRequest {
  const lastUser = [...turns].reverse().find((t) => t.role === 'user')?.content ?? 'Hello!';
  const body = path.endsWith('/generate') ? { model, prompt: lastUser, stream } : { model, messages: turns.map((t) => ({ role: t.role, content: t.content })), stream };
  return { path, headers: { 'content-type': 'application/json' }, body };
}
