import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * Which headers cross the proxy, in each direction. Hop-by-hop headers describe one
 * connection (RFC 9110 §7.6.1) and never travel further; mockllm's own `x-mockllm-*`
 * headers steer mockllm and never reach the upstream.
 */

const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** Request headers the proxy sets itself rather than copying from the client. */
const REPLACED_REQUEST_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'accept-encoding', 'expect']);

export const CONTROL_HEADER_PREFIX = 'x-mockllm-';

/** Header names a `Connection: a, b` header declares hop-by-hop for this message. */
function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  const list = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/**
 * The headers sent upstream: the client's, minus hop-by-hop and control headers, with
 * `host` set for the upstream and `accept-encoding: identity` so bodies arrive as plain
 * bytes that can be recorded (the upstream may still compress: see content-decoding.ts).
 * `content-length` is left to undici, which derives it from the body it sends.
 */
export function upstreamRequestHeaders(client: IncomingHttpHeaders, upstreamHost: string): Record<string, string | string[]> {
  const listed = connectionListed(client);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(client)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || listed.has(name) || REPLACED_REQUEST_HEADERS.has(name) || name.startsWith(CONTROL_HEADER_PREFIX)) continue;
    out[name] = value;
  }
  out.host = upstreamHost;
  out['accept-encoding'] = 'identity';
  return out;
}

/**
 * The upstream's response headers as the client gets them: hop-by-hop headers dropped;
 * when mockllm decoded a compressed body, its content-encoding and content-length go too
 * (they describe bytes the client will not receive).
 */
export function clientResponseHeaders(upstream: IncomingHttpHeaders, decoded: boolean): OutgoingHttpHeaders {
  const listed = connectionListed(upstream);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || listed.has(name)) continue;
    if (decoded && (name === 'content-encoding' || name === 'content-length')) continue;
    out[name] = value;
  }
  return out;
}
