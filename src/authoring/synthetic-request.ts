import type { IncomingHttpHeaders } from 'node:http';
import type { MatchSpec, TextPattern } from '../cassette/types.js';
import type { ProviderAdapter, SampleTurn } from '../providers/provider.js';

export interface SyntheticRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A request that a hand-written matcher would plausibly accept, for `mockllm render`: the
 * provider's chat request (the adapter's `sample`), the matcher's model, and a user message
 * built from its text pattern. Glob paths are made concrete; a `body` subset is merged in.
 */
export function requestForMatch(match: MatchSpec, provider: ProviderAdapter, stream: boolean): SyntheticRequest {
  const model = typeof match.model === 'string' ? match.model : (match.model?.prefix ?? provider.sample.model);
  const path = provider.sample.chatPath(model, stream, match.path);
  const sample = provider.sample.chatRequest(sampleTurns(match), model, stream, path);
  let body = sample.body;
  if (match.has_tools) body.tools = [{ type: 'function', function: { name: 'tool', parameters: { type: 'object', properties: {} } } }];
  if (match.body && typeof match.body === 'object' && !Array.isArray(match.body)) body = { ...body, ...(match.body as Record<string, unknown>) };
  const listing = /\/(models|tags|version|ps)$/.test(sample.path);
  return { method: match.method ?? (listing ? 'GET' : 'POST'), path: sample.path, headers: sample.headers, body: listing ? undefined : body };
}

/** The conversation a matcher describes: its `conversation` steps, else one user message. */
function sampleTurns(match: MatchSpec): SampleTurn[] {
  const turns: SampleTurn[] = [];
  if (match.system !== undefined) turns.push({ role: 'system', content: sampleText(match.system) ?? 'You are helpful.' });
  for (const step of match.conversation ?? []) turns.push({ role: step.role ?? 'user', content: sampleText(step.content) ?? (step.role === 'tool' ? '{"ok":true}' : 'Hello!') });
  const last = sampleText(match.last_user_message);
  if (last !== undefined || !turns.some((t) => t.role === 'user')) turns.push({ role: 'user', content: last ?? 'Hello!' });
  return turns;
}

function sampleText(p: TextPattern | undefined): string | undefined {
  if (p === undefined) return undefined;
  if (typeof p === 'string') return p;
  if (p.contains) return p.contains;
  if (p.regex) return p.regex.replace(/[\\^$.*+?()[\]{}|]/g, '').trim() || undefined;
  return undefined;
}
