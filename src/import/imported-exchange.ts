import type { IncomingHttpHeaders } from 'node:http';
import type { SourceNode } from './source-node.js';

/**
 * One HTTP exchange read from a HAR entry or a vcrpy interaction, before anything is
 * normalized or redacted: the same raw material the recorder taps from a live exchange.
 */
export interface ImportedExchange {
  /** Position in its source file (entry / interaction index): part of the interaction id. */
  index: number;
  /** Where it came from, for messages about it. */
  node: SourceNode;
  /** Scheme + host of its URL (for the interaction's note). */
  origin: string;
  request: {
    method: string;
    /** Path as written in the URL (percent-encoding kept), without query. */
    path: string;
    search: URLSearchParams;
    /** Lower-case names; a repeated header joined with `, ` (`; ` for cookie), as node:http does. */
    headers: IncomingHttpHeaders;
    body: Buffer;
  };
  response: {
    status: number;
    /** Lower-case names; a repeated header as a list. */
    headers: IncomingHttpHeaders;
    /** The body as the file holds it: possibly still compressed (see body-decoding). */
    body: Buffer;
    /** Where the body sits in the file, for an error about it. */
    bodyNode: SourceNode;
  };
  /** What the file says about timing (HAR); absent when it says nothing (vcrpy). */
  timing?: { headersMs: number; receiveMs: number };
}

/** A request or response header list (name/value pairs in file order) as node:http shapes incoming headers. */
export function requestHeaders(pairs: Iterable<[string, string]>): IncomingHttpHeaders {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    // HTTP/2 pseudo-headers (`:authority`, `:path`) describe the request line, not headers.
    if (lower.startsWith(':')) continue;
    const prev = out[lower];
    out[lower] = prev === undefined ? value : `${prev}${lower === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out;
}

/** Response headers: repeated ones kept as a list, so replay sends them repeated as the upstream did. */
export function responseHeaders(pairs: Iterable<[string, string]>): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (lower.startsWith(':')) continue;
    const prev = out[lower];
    out[lower] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return out as IncomingHttpHeaders;
}

/**
 * Splits a URL into the raw path (percent-encoding as written) and its query. Returns
 * undefined when it is not an absolute http(s) URL.
 */
export function splitUrl(url: string): { origin: string; path: string; search: URLSearchParams } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // The WHATWG parser re-encodes some characters; the path as written is what a client sent.
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)(?:\?([^#]*))?/i.exec(url);
  const path = m?.[1] || '/';
  return { origin: parsed.origin, path, search: new URLSearchParams(m?.[2] ?? '') };
}
