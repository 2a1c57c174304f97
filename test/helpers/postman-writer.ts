/**
 * Writes a Postman collection (format v2.1.0, schema.getpostman.com/json/collection/
 * v2.1.0/collection.json) as Postman exports it: `info` with `_postman_id`, `name` and
 * `schema`; `item` (folders nest `item`); each request item's `request` {method, header
 * [{key, value, type}], body {mode: "raw", raw, options.raw.language}, url {raw, host,
 * path}} and `response` — the saved examples — each {name, originalRequest, status, code,
 * _postman_previewlanguage, header, cookie, body}; `variable` [{key, value}].
 *
 * Examples made from captures carry the capture's request and response bytes; a
 * hand-edited example (a Postman user's own text reply) says so where it is built.
 */
import type { Capture } from './captures.js';

export interface PostmanHeader {
  key: string;
  value: string;
  type?: 'text';
  disabled?: boolean;
}

export interface ExampleSpec {
  name: string;
  /** The request body this example answers (raw text). */
  requestBody: string;
  status: number;
  statusText: string;
  headers: PostmanHeader[];
  body: string;
  previewLanguage: 'json' | 'text' | 'plain';
}

export interface RequestItemSpec {
  name: string;
  method: string;
  /** Path under `{{baseUrl}}`, e.g. `/v1/chat/completions`. */
  path: string;
  query?: Array<{ key: string; value: string }>;
  headers?: PostmanHeader[];
  examples: ExampleSpec[];
}

function postmanRequest(item: RequestItemSpec, body: string) {
  const segments = item.path.split('/').filter(Boolean);
  const query = item.query ?? [];
  const raw = `{{baseUrl}}/${segments.join('/')}${query.length > 0 ? `?${query.map((q) => `${q.key}=${q.value}`).join('&')}` : ''}`;
  const request: Record<string, unknown> = {
    method: item.method,
    header: item.headers ?? [{ key: 'Content-Type', value: 'application/json', type: 'text' }],
    url: { raw, host: ['{{baseUrl}}'], path: segments, ...(query.length > 0 ? { query } : {}) },
  };
  if (body !== '') request.body = { mode: 'raw', raw: body, options: { raw: { language: 'json' } } };
  return request;
}

export function requestItem(item: RequestItemSpec) {
  return {
    name: item.name,
    request: postmanRequest(item, item.examples[0]?.requestBody ?? ''),
    response: item.examples.map((e) => ({
      name: e.name,
      originalRequest: postmanRequest(item, e.requestBody),
      status: e.statusText,
      code: e.status,
      _postman_previewlanguage: e.previewLanguage,
      header: e.headers,
      cookie: [],
      body: e.body,
    })),
  };
}

/** An example whose request and response are a capture's (headers as the capture recorded them). */
export function exampleFromCapture(c: Capture, name = c.name): ExampleSpec {
  const headers = Object.entries(c.meta.response.headers).flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ key, value })));
  const type = String(c.responseHeaders['content-type'] ?? '');
  return {
    name,
    requestBody: JSON.stringify(JSON.parse(c.request.body.toString('utf8')), null, 4),
    status: c.status,
    statusText: c.meta.response.status_text ?? 'OK',
    headers,
    body: c.body.toString('utf8'),
    previewLanguage: type.includes('json') ? 'json' : 'text',
  };
}

export function collection(name: string, items: unknown[], variables: Record<string, string>) {
  return {
    info: { _postman_id: '5f0c7a55-0d4e-4c1a-9a53-6f1e0e8f3b21', name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: items,
    variable: Object.entries(variables).map(([key, value]) => ({ key, value })),
  };
}
