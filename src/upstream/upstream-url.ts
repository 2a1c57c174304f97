import { CONTROL_QUERY_PARAMS } from '../match/normalize.js';

/**
 * Where a forwarded request goes. The upstream URL may carry a base path
 * (`https://host/openai`): the request path is joined under it, so
 * `/v1/chat/completions` becomes `https://host/openai/v1/chat/completions`.
 */

/**
 * The upstream URL for one request: base path + request path + the query as the client
 * sent it, less mockllm's own control parameters (secrets kept: the upstream needs them).
 */
export function upstreamUrl(upstream: URL, path: string, search: URLSearchParams): URL {
  const base = upstream.pathname.replace(/\/+$/, '');
  const url = new URL(upstream.origin);
  url.pathname = `${base}${path.startsWith('/') ? path : `/${path}`}`;
  const forwarded = new URLSearchParams();
  for (const [k, v] of search) if (!CONTROL_QUERY_PARAMS.has(k)) forwarded.append(k, v);
  const query = forwarded.toString();
  url.search = query ? `?${query}` : '';
  return url;
}

/**
 * What a cassette's `meta.upstream` says: scheme, host and port only. Never the path or
 * query (a Gemini-style `?key=` or a tenant id may hide there) and never user info.
 */
export function upstreamOriginLabel(upstream: URL): string {
  return upstream.origin;
}
