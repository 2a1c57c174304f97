import { ImportSkip, type FormatReading } from './format-reading.js';
import { formatHint } from './format-hint.js';
import { requestHeaders, responseHeaders } from './imported-exchange.js';
import { parseJsonSource } from './json-source.js';
import type { PostmanExample } from './postman-example.js';
import { SourceNode } from './source-node.js';

/** Collection schemas read: v2.1 and v2.0, which lay out requests and examples the same way. */
const SCHEMAS = /^https?:\/\/schema\.(?:getpostman|postman)\.com\/json\/collection\/v2\.[01]\.\d+\/collection\.json$/;

/**
 * Postman collections v2.1 (and v2.0): every request item with saved example responses
 * gives one example per saved response, with the example's own `originalRequest` when it
 * has one (else the item's request). `{{variables}}` are resolved from the collection's
 * `variable` list; folders nest.
 */
export function readPostman(text: string, file: string): FormatReading {
  const root = new SourceNode({ name: file }, parseJsonSource(text, file, 'Postman collection'));
  const info = root.field('info');
  if (!root.isObject() || !info.isObject() || !root.field('item').present) root.fail(`not a Postman collection: expected an object with "info" and "item"${formatHint(root.value)}`);
  const schema = info.field('schema');
  if (!SCHEMAS.test(String(schema.value ?? ''))) {
    const v1 = root.field('requests').present || root.field('order').present;
    schema.fail(`unsupported Postman collection ${v1 ? 'format v1' : `schema ${JSON.stringify(schema.value ?? null)}`}: export it from Postman as Collection v2.1`);
  }
  const variables = collectionVariables(root.field('variable'));
  const reading: FormatReading = { exchanges: [], examples: [], skipped: [] };
  walkItems(root.field('item'), [], variables, reading);
  return reading;
}

function walkItems(items: SourceNode, names: string[], variables: Map<string, string>, reading: FormatReading): void {
  for (const item of items.list()) {
    item.object('an item object');
    const name = item.field('name').optionalString() ?? '';
    const here = [...names, name];
    if (item.field('item').present) {
      walkItems(item.field('item'), here, collectionVariables(item.field('variable'), variables), reading);
      continue;
    }
    const responses = item.field('response');
    const examples = responses.present ? responses.list() : [];
    if (examples.length === 0) {
      reading.skipped.push(new ImportSkip('request without a saved example response', item.pointer));
      continue;
    }
    const seen = new Map<string, number>();
    for (const example of examples) {
      const exampleName = example.object('an example object').field('name').optionalString() ?? '';
      // Two examples with one name stay distinct (and stable) by their rank among namesakes.
      const rank = (seen.get(exampleName) ?? 0) + 1;
      seen.set(exampleName, rank);
      const path = [...here, rank > 1 ? `${exampleName} (${rank})` : exampleName].join('/');
      const original = example.field('originalRequest');
      reading.examples!.push(postmanExample(path, example, original.present ? original : item.field('request'), variables));
    }
  }
}

function postmanExample(path: string, example: SourceNode, request: SourceNode, variables: Map<string, string>): PostmanExample {
  const resolve = (s: string) => s.replace(/\{\{([^{}]+)\}\}/g, (whole, name: string) => variables.get(name.trim()) ?? whole);
  // A request may be given as just its URL.
  const req = typeof request.value === 'string' ? undefined : request.object('a request object');
  const url = urlParts(req ? req.field('url') : request, resolve);
  const bodyNode = req?.field('body').field('raw') ?? request.field('body');
  const mode = req?.field('body').field('mode').optionalString();
  const body = bodyNode.present && (mode === undefined || mode === 'raw') ? Buffer.from(resolve(bodyNode.string()), 'utf8') : Buffer.alloc(0);
  const code = example.field('code');
  const status = code.present ? code.number() : 200;
  if (!Number.isInteger(status) || status < 100 || status > 599) code.fail(`expected an HTTP status (100-599) but found ${status}`);
  const responseBody = example.field('body');
  return {
    path,
    node: example,
    request: {
      method: (req?.field('method').optionalString() ?? 'GET').toUpperCase(),
      path: url.path,
      search: url.search,
      headers: requestHeaders(headerPairs(req?.field('header'), resolve)),
      body,
      bodyNode,
    },
    response: {
      status,
      headers: responseHeaders(headerPairs(example.field('header'), (s) => s)),
      body: responseBody.present ? Buffer.from(responseBody.string(), 'utf8') : Buffer.alloc(0),
    },
  };
}

/**
 * The path (and query) of a Postman URL, string or object. The host part (often
 * `{{baseUrl}}`) is dropped: mockllm serves any host. A path variable (`:id`) or a
 * variable the collection does not define becomes `*`, matching any one segment.
 */
function urlParts(url: SourceNode, resolve: (s: string) => string): { path: string; search: URLSearchParams } {
  if (!url.present) return url.fail('the request has no url');
  let segments: string[];
  let query = '';
  // An exported URL object has `path`; a hand-written one may have only `raw`.
  const rawOnly = url.isObject() && !url.field('path').present && typeof url.field('raw').value === 'string';
  const text = typeof url.value === 'string' ? url.value : rawOnly ? url.field('raw').string() : undefined;
  if (text !== undefined) {
    const raw = resolve(text).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/^\{\{[^{}]+\}\}/, '');
    const [path = '', q = ''] = raw.split('#', 1)[0]!.split('?', 2) as [string?, string?];
    segments = path.split('/').filter((s, i) => i > 0 || s !== '');
    query = q;
  } else {
    url.object('a URL string or object');
    const path = url.field('path');
    segments = path.present ? (typeof path.value === 'string' ? path.string().split('/') : path.list().map((s) => (typeof s.value === 'string' ? s.value : String((s.field('value').value as unknown) ?? '')))) : [];
    segments = segments.map(resolve).filter((s, i) => i > 0 || s !== '');
    const q = url.field('query');
    if (q.present)
      query = q
        .list()
        .filter((p) => p.field('disabled').value !== true)
        .map((p) => `${encodeURIComponent(resolve(String(p.field('key').value ?? '')))}=${encodeURIComponent(resolve(String(p.field('value').value ?? '')))}`)
        .join('&');
  }
  const path = `/${segments.map((s) => (s.startsWith(':') || /\{\{[^{}]+\}\}/.test(s) ? '*' : s)).join('/')}`;
  return { path, search: new URLSearchParams(query) };
}

/** `[{key, value, disabled?}]` headers (Postman's list form) → name/value pairs. */
function* headerPairs(list: SourceNode | undefined, resolve: (s: string) => string): Iterable<[string, string]> {
  if (!list?.present) return;
  if (typeof list.value === 'string') {
    for (const line of list.string().split(/\r?\n/)) {
      const at = line.indexOf(':');
      if (at > 0) yield list.header(line.slice(0, at).trim(), resolve(line.slice(at + 1).trim()));
    }
    return;
  }
  for (const h of list.list()) {
    h.object('a {key, value} header object');
    if (h.field('disabled').value === true) continue;
    yield h.header(h.field('key').string(), resolve(String(h.field('value').value ?? '')));
  }
}

function collectionVariables(list: SourceNode, inherited: Map<string, string> = new Map()): Map<string, string> {
  const out = new Map(inherited);
  if (!list.present) return out;
  for (const v of list.list()) {
    const key = v.object('a {key, value} variable object').field('key').value;
    const value = v.field('value').value;
    if (typeof key === 'string' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) out.set(key, String(value));
  }
  return out;
}
