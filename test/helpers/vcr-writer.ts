/**
 * Writes captured exchanges as vcrpy cassettes (format version 1), laid out as vcrpy's
 * YAML serializer writes them (vcr/serialize.py, vcr/serializers/yamlserializer.py and
 * compat.py; vcr/request.py `_to_dict`): `{interactions: [{request: {body, headers,
 * method, uri}, response: {body: {string}, headers, status: {code, message}}}], version:
 * 1}`, keys sorted (PyYAML's `sort_keys`), headers as lists of values, bodies as text when
 * they are UTF-8 and `!!binary` otherwise (a gzip response keeps its wire bytes and its
 * `Content-Encoding` header), block sequences unindented, multi-line strings quoted as
 * PyYAML's default style chooses them.
 *
 * The second layout is pydantic-ai's custom serializer (tests/json_body_serializer.py): a
 * JSON body (by content-type) moves to `parsed_body` as a YAML mapping, headers are
 * lower-cased and filtered, and a multi-line string (an SSE body) is a literal block.
 *
 * Bodies and headers come from the real captures; nothing is invented.
 */
import { Document, isScalar, visit } from 'yaml';
import type { Capture } from './captures.js';

type Headers = Record<string, string[]>;

function listHeaders(headers: Record<string, string | string[]>): Headers {
  const out: Headers = {};
  for (const [name, v] of Object.entries(headers)) out[name] = Array.isArray(v) ? [...v] : [v];
  return out;
}

function requestDict(c: Capture) {
  return {
    body: c.request.body.length > 0 ? c.request.body.toString('utf8') : null,
    headers: listHeaders(c.meta.request.headers),
    method: c.request.method,
    uri: `${c.meta.request.origin}${c.meta.request.path}`,
  };
}

/** What vcrpy stores as `response.body.string`: the wire bytes (compressed when they were), as text when UTF-8. */
function responseString(c: Capture): string | Buffer {
  const bytes = c.wireGzip ?? c.body;
  return c.wireGzip ? bytes : bytes.toString('utf8');
}

function responseDict(c: Capture) {
  return {
    body: { string: responseString(c) },
    headers: listHeaders(c.meta.response.headers),
    status: { code: c.status, message: c.meta.response.status_text ?? '' },
  };
}

/** A vcrpy cassette's text for these captures, as vcrpy writes it. */
export function vcrCassetteText(captures: Capture[]): string {
  const data = { interactions: captures.map((c) => ({ request: requestDict(c), response: responseDict(c) })), version: 1 };
  // PyYAML's default styles: `!!binary` as a literal block; a multi-line string single-quoted
  // (line breaks as blank lines), double-quoted when it holds characters outside printable
  // ASCII (vcrpy dumps without allow_unicode).
  return dump(data, 80, (value) => {
    if (typeof value !== 'string') return 'BLOCK_LITERAL';
    if (/[^\n\x20-\x7e]/.test(value)) return 'QUOTE_DOUBLE';
    return value.includes('\n') ? 'QUOTE_SINGLE' : undefined;
  });
}

const PYDANTIC_DROPPED = new Set(['authorization', 'date', 'request-id', 'server', 'user-agent', 'via', 'set-cookie', 'api-key']);
const PYDANTIC_DROPPED_PREFIXES = ['anthropic-', 'cf-', 'x-'];

function pydanticHeaders(headers: Record<string, string | string[]>): Headers {
  const out: Headers = {};
  for (const [name, v] of Object.entries(listHeaders(headers))) {
    const lower = name.toLowerCase();
    if (PYDANTIC_DROPPED.has(lower) || PYDANTIC_DROPPED_PREFIXES.some((p) => lower.startsWith(p))) continue;
    out[lower] = v;
  }
  return out;
}

function isJsonType(headers: Headers): boolean {
  return (headers['content-type'] ?? []).some((v) => v.startsWith('application/json'));
}

/**
 * A cassette as pydantic-ai's serializer writes it. Only for captures whose bodies are
 * not compressed (pydantic-ai's cassettes are recorded through httpx, which decodes).
 */
export function pydanticCassetteText(captures: Capture[]): string {
  const interactions = captures.map((c) => {
    const request: Record<string, unknown> = { ...requestDict(c), headers: pydanticHeaders(c.meta.request.headers) };
    if (isJsonType(request.headers as Headers) && typeof request.body === 'string') {
      request.parsed_body = JSON.parse(request.body);
      delete request.body;
    }
    const response: Record<string, unknown> = { ...responseDict(c), body: { string: c.body.toString('utf8') }, headers: pydanticHeaders(c.meta.response.headers) };
    if (isJsonType(response.headers as Headers)) {
      response.parsed_body = JSON.parse(c.body.toString('utf8'));
      delete response.body;
    }
    return { request, response };
  });
  // LiteralDumper: a string with a newline is a literal block — unless it holds characters
  // a block cannot carry (a CR: Gemini's CRLF framing), where PyYAML falls back to quotes.
  return dump({ interactions, version: 1 }, 120, (value) => {
    if (typeof value !== 'string' || !value.includes('\n')) return undefined;
    return /[\r\u0000-\u0008\u000b-\u001f]/.test(value) ? 'QUOTE_DOUBLE' : 'BLOCK_LITERAL';
  });
}

type Style = 'BLOCK_LITERAL' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';

function dump(data: unknown, lineWidth: number, style: (value: unknown) => Style | undefined): string {
  const doc = new Document(data, { customTags: ['binary'], sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node)) return;
      const type = style(node.value);
      if (type) node.type = type;
    },
  });
  return doc.toString({ indentSeq: false, blockQuote: true, singleQuote: true, lineWidth });
}
