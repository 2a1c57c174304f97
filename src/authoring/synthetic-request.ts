import type { IncomingHttpHeaders } from 'node:http';
import type { MatchSpec, TextPattern } from '../cassette/types.js';
import type { ProviderName } from '../providers/provider.js';

export interface SyntheticRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A request that a hand-written matcher would plausibly accept, for `mockllm render`:
 * the provider's chat endpoint, the matcher's model, and a user message built from its
 * text pattern. Glob paths are made concrete; a `body` subset is merged in.
 */
export function requestForMatch(match: MatchSpec, provider: ProviderName, stream: boolean): SyntheticRequest {
  const model = typeof match.model === 'string' ? match.model : (match.model?.prefix ?? defaultModel(provider));
  const turns = sampleTurns(match);
  let path = concretePath(match.path, provider, model, stream);
  let body: Record<string, unknown>;
  const lastUser = [...turns].reverse().find((t) => t.role === 'user')?.content ?? 'Hello!';
  switch (provider) {
    case 'ollama':
      body = path.endsWith('/generate') ? { model, prompt: lastUser, stream } : { model, messages: turns.map((t) => ({ role: t.role, content: t.content })), stream };
      break;
    case 'anthropic':
      body = {
        model,
        max_tokens: 1024,
        messages: turns.map((t) =>
          t.role === 'tool' ? { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: t.content }] } : { role: t.role, content: t.content },
        ),
        ...(stream ? { stream: true } : {}),
      };
      break;
    case 'gemini':
      body = {
        contents: turns.map((t) =>
          t.role === 'tool'
            ? { role: 'user', parts: [{ functionResponse: { name: 'tool', response: { result: t.content } } }] }
            : { role: t.role === 'assistant' ? 'model' : 'user', parts: [{ text: t.content }] },
        ),
      };
      // Streaming clients (google-genai included) ask for SSE framing with alt=sse.
      if (stream && !path.includes('alt=sse')) path = `${path.replace(/:generateContent$/, ':streamGenerateContent')}?alt=sse`;
      break;
    default:
      body = path.endsWith('/responses')
        ? { model, input: lastUser, ...(stream ? { stream: true } : {}) }
        : {
            model,
            messages: turns.map((t) => (t.role === 'tool' ? { role: 'tool', tool_call_id: 'call_1', content: t.content } : { role: t.role, content: t.content })),
            ...(stream ? { stream: true } : {}),
          };
  }
  if (match.has_tools) body.tools = [{ type: 'function', function: { name: 'tool', parameters: { type: 'object', properties: {} } } }];
  if (match.body && typeof match.body === 'object' && !Array.isArray(match.body)) body = { ...body, ...(match.body as Record<string, unknown>) };
  const headers: IncomingHttpHeaders = { 'content-type': 'application/json' };
  if (provider === 'anthropic') headers['anthropic-version'] = '2023-06-01';
  const listing = /\/(models|tags|version|ps)$/.test(path);
  return { method: match.method ?? (listing ? 'GET' : 'POST'), path, headers, body: listing ? undefined : body };
}

/** The conversation a matcher describes: its `conversation` steps, else one user message. */
function sampleTurns(match: MatchSpec): Array<{ role: string; content: string }> {
  const turns: Array<{ role: string; content: string }> = [];
  if (match.system !== undefined) turns.push({ role: 'system', content: sampleText(match.system) ?? 'You are helpful.' });
  for (const step of match.conversation ?? []) turns.push({ role: step.role ?? 'user', content: sampleText(step.content) ?? (step.role === 'tool' ? '{"ok":true}' : 'Hello!') });
  const last = sampleText(match.last_user_message);
  if (last !== undefined || !turns.some((t) => t.role === 'user')) turns.push({ role: 'user', content: last ?? 'Hello!' });
  return turns;
}

function defaultModel(provider: ProviderName): string {
  return { openai: 'gpt-4o-mini', ollama: 'llama3.2', anthropic: 'claude-sonnet-4-5', gemini: 'gemini-2.5-flash' }[provider];
}

function concretePath(glob: string | undefined, provider: ProviderName, model: string, stream: boolean): string {
  if (provider === 'gemini' && (!glob || glob.includes('*'))) return `/v1beta/models/${model}:${stream ? 'streamGenerateContent' : 'generateContent'}`;
  if (!glob) return { openai: '/v1/chat/completions', ollama: '/api/chat', anthropic: '/v1/messages', gemini: '' }[provider];
  return glob.replace(/\*\*/g, 'v1').replace(/\*/g, 'x');
}

function sampleText(p: TextPattern | undefined): string | undefined {
  if (p === undefined) return undefined;
  if (typeof p === 'string') return p;
  if (p.contains) return p.contains;
  if (p.regex) return p.regex.replace(/[\\^$.*+?()[\]{}|]/g, '').trim() || undefined;
  return undefined;
}
