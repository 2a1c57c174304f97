import type { SampleRequest, SampleTurn } from '../provider.js';
import { concreteGlobPath } from '../sample-paths.js';

/** `…/models/{model}:generateContent` (`:streamGenerateContent` for a stream), unless the matcher names a concrete path. */
export function geminiChatPath(model: string, stream: boolean, glob?: string): string {
  if (!glob || glob.includes('*')) return `/v1beta/models/${model}:${stream ? 'streamGenerateContent' : 'generateContent'}`;
  return concreteGlobPath(glob);
}

/** A generateContent request; streaming clients (google-genai included) ask for SSE framing with `alt=sse`. */
export function geminiChatRequest(turns: readonly SampleTurn[], _model: string, stream: boolean, path: string): SampleRequest {
  const body = {
    contents: turns.map((t) =>
      t.role === 'tool'
        ? { role: 'user', parts: [{ functionResponse: { name: 'tool', response: { result: t.content } } }] }
        : { role: t.role === 'assistant' ? 'model' : 'user', parts: [{ text: t.content }] },
    ),
  };
  const streamPath = stream && !path.includes('alt=sse') ? `${path.replace(/:generateContent$/, ':streamGenerateContent')}?alt=sse` : path;
  return { path: streamPath, headers: { 'content-type': 'application/json' }, body };
}
