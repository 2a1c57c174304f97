import { ImportSkip, type FormatReading } from './format-reading.js';
import { requestHeaders, responseHeaders, splitUrl, type ImportedExchange } from './imported-exchange.js';
import { formatHint } from './format-hint.js';
import { parseJsonSource } from './json-source.js';
import { SourceNode } from './source-node.js';

const HAR_VERSIONS = new Set(['1.1', '1.2']);

/**
 * HAR 1.2 (`log.entries[]`, as written by browser devtools, Charles, mitmproxy,
 * Proxyman, Polly.js): each entry with a response becomes one exchange. `content.text`
 * is the decoded body (base64 when `content.encoding` says so); timings give the time to
 * the response head (blocked + dns + connect + send + wait; `ssl` is part of `connect`)
 * and the receive time that stream events are spread over.
 */
export function readHar(text: string, file: string): FormatReading {
  const root = new SourceNode({ name: file }, parseJsonSource(text, file, 'HAR file'));
  const log = root.field('log');
  if (!root.isObject() || !log.isObject()) root.fail(`not a HAR file: expected an object with a "log" member${formatHint(root.value)}`);
  const version = log.field('version');
  if (!HAR_VERSIONS.has(String(version.value))) version.fail(`unsupported HAR version ${JSON.stringify(version.value ?? null)}: mockllm reads HAR 1.2 (and 1.1)`);

  const reading: FormatReading = { exchanges: [], skipped: [] };
  for (const [index, entry] of log.field('entries').list().entries()) {
    const exchange = harEntry(entry.object('an entry object'), index);
    if (exchange instanceof ImportSkip) reading.skipped.push(exchange);
    else reading.exchanges.push(exchange);
  }
  return reading;
}

function harEntry(entry: SourceNode, index: number): ImportedExchange | ImportSkip {
  const req = entry.field('request').object();
  const res = entry.field('response').object();
  const method = req.field('method').string();
  const urlNode = req.field('url');
  const url = splitUrl(urlNode.string()) ?? urlNode.fail('expected an absolute http(s) URL');

  const status = res.field('status').number();
  if (status === 0) return new ImportSkip('no response (status 0: the request failed, was blocked or was cancelled)', entry.pointer);
  if (!Number.isInteger(status) || status < 100 || status > 599) res.field('status').fail(`expected an HTTP status (100-599) but found ${status}`);

  const content = res.field('content').object();
  const contentText = content.field('text');
  const size = content.field('size').optionalNumber() ?? 0;
  if (!contentText.present && size > 0) return new ImportSkip('response body not saved in the HAR (content.text missing)', entry.pointer);

  const headers = responseHeaders(pairs(res.field('headers')));
  const mimeType = content.field('mimeType').optionalString();
  // The header is what the client saw; mimeType is the HAR's copy of it (kept when the header list lacks it).
  if (headers['content-type'] === undefined && mimeType) headers['content-type'] = mimeType;

  const postData = req.field('postData');
  const requestHeaderMap = requestHeaders(pairs(req.field('headers')));
  // As for the response: postData.mimeType is the HAR's copy of the request's content type.
  const postMime = postData.field('mimeType').optionalString();
  if (requestHeaderMap['content-type'] === undefined && postMime) requestHeaderMap['content-type'] = postMime;

  const exchange: ImportedExchange = {
    index,
    node: entry,
    origin: url.origin,
    request: {
      method: method.toUpperCase(),
      path: url.path,
      search: url.search,
      headers: requestHeaderMap,
      body: encodedText(postData.field('text'), postData.field('encoding')),
    },
    response: { status, headers, body: encodedText(contentText, content.field('encoding')), bodyNode: contentText },
  };
  const timing = harTiming(entry.field('timings'));
  if (timing) exchange.timing = timing;
  return exchange;
}

/** `[{name, value}]` → name/value pairs, each checked. */
function* pairs(list: SourceNode): Iterable<[string, string]> {
  if (!list.present) return;
  for (const h of list.list()) yield h.header(h.object('a {name, value} object').field('name').string(), h.field('value').string());
}

/** `text` with its `encoding`: only `base64` is defined (HAR 1.2 §content); absent means UTF-8 text. */
function encodedText(text: SourceNode, encoding: SourceNode): Buffer {
  if (!text.present) return Buffer.alloc(0);
  const value = text.string();
  const how = encoding.optionalString();
  if (how === undefined || how === '') return Buffer.from(value, 'utf8');
  if (how.toLowerCase() !== 'base64') encoding.fail(`unsupported encoding ${JSON.stringify(how)}: HAR bodies are plain text or base64`);
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) text.fail('encoding is base64 but the text is not valid base64');
  return Buffer.from(compact, 'base64');
}

/** Time to the response head and the receive time; undefined when the entry gives no timings. */
function harTiming(timings: SourceNode): { headersMs: number; receiveMs: number } | undefined {
  if (!timings.present) return undefined;
  timings.object();
  const phase = (name: string) => Math.max(0, timings.field(name).optionalNumber() ?? -1);
  return { headersMs: phase('blocked') + phase('dns') + phase('connect') + phase('send') + phase('wait'), receiveMs: phase('receive') };
}
