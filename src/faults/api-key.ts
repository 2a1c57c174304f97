import type { RequestView } from '../providers/provider.js';

/**
 * The API keys a request carries, in the order they are tried: the bearer token, then
 * `x-api-key` (Anthropic), `x-goog-api-key` (Gemini), `api-key` (Azure) and `?key=`.
 */
export function requestApiKeys(view: RequestView): string[] {
  const keys: string[] = [];
  const auth = header(view, 'authorization');
  const bearer = auth !== undefined ? /^\s*Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (bearer) keys.push(bearer);
  for (const name of ['x-api-key', 'x-goog-api-key', 'api-key']) {
    const v = header(view, name)?.trim();
    if (v) keys.push(v);
  }
  const q = view.query.get('key');
  if (q) keys.push(q);
  return keys;
}

function header(view: RequestView, name: string): string | undefined {
  const v = view.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
