/**
 * Writes captured exchanges as a HAR 1.2 file, following the published specification
 * (Jan Odvarko, "HAR 1.2 Spec", softwareishard.com; W3C web-performance draft): `log`
 * with `version`, `creator`, `entries`; each entry with `startedDateTime`, `time`,
 * `request` (method, absolute url, httpVersion, cookies, headers as name/value pairs,
 * queryString, postData, headersSize, bodySize), `response` (status, statusText,
 * httpVersion, cookies, headers, `content` {size, mimeType, text[, encoding]}, redirectURL,
 * headersSize, bodySize), `cache` and `timings` (send, wait, receive required; -1 = not
 * applicable). Per the spec `content.text` is the decoded body, base64-encoded with
 * `encoding: "base64"` when it is not text; headers are listed as received (a gzip
 * response keeps its `Content-Encoding` header while its text is decoded).
 *
 * The bytes come from the real captures; only timings (which the captures lack) are
 * synthesized, deterministically.
 */
import { isUtf8 } from 'node:buffer';
import type { Capture } from './captures.js';
import { captureFrames } from './capture-cassette.js';

export interface HarEntryOptions {
  /** Store the body base64 (`content.encoding: "base64"`), as tools do for binary content. */
  base64?: boolean;
  /**
   * Store the compressed wire bytes (base64) under the still-present `Content-Encoding`
   * header, as some proxies' exports do although the spec says to decode. Needs `wireGzip`.
   */
  wireBytes?: boolean;
  /** Extra request headers (e.g. a real-looking `authorization`). */
  requestHeaders?: Array<{ name: string; value: string }>;
  /** Replace the response body text (e.g. to echo a key). */
  responseText?: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number };
}

/** Synthesized but plausible: 2 ms send, 150 ms to the head, 15 ms per stream event (or 5 ms for a body). */
export const HAR_WAIT_MS = 150;
export const HAR_RECEIVE_MS_PER_EVENT = 15;

const headerList = (headers: Record<string, string | string[]>) =>
  Object.entries(headers).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })));

export function harEntry(c: Capture, index: number, options: HarEntryOptions = {}): HarEntry {
  const m = c.meta;
  const url = `${m.request.origin}${m.request.path}`;
  const requestHeaders = [...headerList(m.request.headers), ...(options.requestHeaders ?? [])];
  const mimeType = String(c.responseHeaders['content-type'] ?? '');
  const body = options.responseText !== undefined ? Buffer.from(options.responseText, 'utf8') : c.body;
  const content: Record<string, unknown> = { size: body.length, mimeType };
  if (options.wireBytes) {
    if (!c.wireGzip) throw new Error(`${c.id} has no wire bytes`);
    content.text = c.wireGzip.toString('base64');
    content.encoding = 'base64';
    content.compression = body.length - c.wireGzip.length;
  } else if (options.base64 || !isUtf8(body)) {
    content.text = body.toString('base64');
    content.encoding = 'base64';
  } else if (body.length > 0) content.text = body.toString('utf8');
  const events = c.streamed ? captureFrames(c).frames.length : 0;
  const receive = events > 0 ? events * HAR_RECEIVE_MS_PER_EVENT : 5;
  const request: Record<string, unknown> = {
    method: c.request.method,
    url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: requestHeaders,
    queryString: [...c.request.search].map(([name, value]) => ({ name, value })),
    headersSize: -1,
    bodySize: c.request.body.length,
  };
  if (c.request.body.length > 0)
    request.postData = { mimeType: c.request.headers['content-type'] ?? 'application/json', params: [], text: c.request.body.toString('utf8') };
  return {
    // Captures carry no date of their own request; a fixed clock keeps the file deterministic.
    startedDateTime: new Date(Date.UTC(2025, 0, 1, 12, 0, index)).toISOString(),
    time: 2 + HAR_WAIT_MS + receive,
    request,
    response: {
      status: c.status,
      statusText: m.response.status_text ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(m.response.headers),
      content,
      redirectURL: '',
      headersSize: -1,
      bodySize: options.wireBytes && c.wireGzip ? c.wireGzip.length : body.length,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 2, wait: HAR_WAIT_MS, receive },
  };
}

export function harLog(entries: HarEntry[]): { log: Record<string, unknown> } {
  return { log: { version: '1.2', creator: { name: 'mockllm-test-har-writer', version: '1.0' }, entries } };
}

/** A HAR file's text for these captures (2-space JSON, as devtools export it). */
export function harFileText(captures: Capture[], options: (c: Capture, i: number) => HarEntryOptions = () => ({})): string {
  return `${JSON.stringify(harLog(captures.map((c, i) => harEntry(c, i, options(c, i)))), null, 2)}\n`;
}
