import { ImportSkip, type FormatReading } from './format-reading.js';
import { formatHint } from './format-hint.js';
import { requestHeaders, responseHeaders, splitUrl, type ImportedExchange } from './imported-exchange.js';
import { pythonJsonDumps } from './python-json.js';
import { SourceNode } from './source-node.js';
import { loadYaml, parseYamlSource, type YamlModule, type YamlSource } from './yaml-source.js';

export { loadYaml };

const WHAT = 'vcrpy cassette';

/**
 * vcrpy / pytest-recording YAML cassettes, format version 1, as vcrpy's YAML serializer
 * writes them: `interactions[].request.{method, uri, body, headers}` and
 * `response.{status.code, headers, body.string}`, headers as lists of values, bodies as
 * text or `!!binary` (compressed responses keep their wire bytes and `content-encoding`).
 *
 * Known variants read as well:
 * - pydantic-ai's serializer: a JSON body as a YAML mapping under `parsed_body` (request
 *   and response) instead of `body`; its response bytes are `json.dumps(parsed_body)`, as
 *   its own replays served them (see python-json); an SSE response as one `body.string`
 *   block.
 * - Python-2-era tags (`!!python/unicode`, `!!python/str`, `!!python/tuple`), a `status`
 *   given as a bare number, header values given as a single string.
 * Anything else is named in the error (the path and what was there).
 */
export function readVcr(text: string, file: string, yaml: YamlModule): FormatReading {
  const source = parseYamlSource(text, file, yaml, WHAT);
  const root = new SourceNode(source.file, source.value);
  if (!root.isObject()) root.fail(`not a ${WHAT}: expected a mapping with "interactions" and "version"${formatHint(root.value)}`);
  if (root.field('http_interactions').present) root.fail(`a Ruby VCR cassette (http_interactions), not a ${WHAT}: unknown variant`);
  const interactions = root.field('interactions');
  if (!interactions.present) root.fail(`not a ${WHAT}: no "interactions" list${formatHint(root.value)}`);
  const version = root.field('version');
  if (!version.present) version.fail(`missing "version": a ${WHAT} ends with \`version: 1\` (a file cut short loses it)`);
  if (version.value !== 1) version.fail(`unsupported ${WHAT} version ${JSON.stringify(version.value)}: mockllm reads format version 1`);

  const reading: FormatReading = { exchanges: [], skipped: [] };
  for (const [index, node] of interactions.list().entries()) {
    const exchange = vcrInteraction(node.object('an interaction mapping'), index, source, yaml);
    if (exchange instanceof ImportSkip) reading.skipped.push(exchange);
    else reading.exchanges.push(exchange);
  }
  return reading;
}

function vcrInteraction(node: SourceNode, index: number, source: YamlSource, yaml: YamlModule): ImportedExchange | ImportSkip {
  const req = node.field('request').object('a request mapping');
  const res = node.field('response');
  if (!res.present) return new ImportSkip('no response recorded', node.pointer);
  res.object('a response mapping');
  const uriNode = req.field('uri');
  const url = splitUrl(uriNode.string()) ?? uriNode.fail('expected an absolute http(s) URL');

  const statusNode = res.field('status');
  const code = statusNode.isObject() ? statusNode.field('code') : statusNode;
  const status = code.number();
  if (!Number.isInteger(status) || status < 100 || status > 599) code.fail(`expected an HTTP status (100-599) but found ${status}`);

  const response = responseBody(res, source, yaml);
  return {
    index,
    node,
    origin: url.origin,
    request: {
      method: req.field('method').string().toUpperCase(),
      path: url.path,
      search: url.search,
      headers: requestHeaders(headerPairs(req.field('headers'))),
      body: requestBody(req),
    },
    response: { status, headers: responseHeaders(headerPairs(res.field('headers'))), body: response.bytes, bodyNode: response.node },
  };
}

/** `{name: [values]}` (vcrpy) or `{name: value}` → name/value pairs. */
function* headerPairs(headers: SourceNode): Iterable<[string, string]> {
  if (!headers.present) return;
  headers.object('a mapping of header names to lists of values');
  for (const name of headers.keys()) {
    const values = headers.field(name);
    for (const v of Array.isArray(values.value) ? values.list() : [values]) yield v.header(name, scalarText(v));
  }
}

function scalarText(node: SourceNode): string {
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return node.fail(`expected a header value but found ${node.describe()}`);
}

function requestBody(req: SourceNode): Buffer {
  const parsed = req.field('parsed_body');
  // The original bytes are gone; the key only needs the JSON value (canonical), so compact JSON.
  if (parsed.present) return Buffer.from(JSON.stringify(parsed.value), 'utf8');
  return bytesOf(req.field('body'), 'request body');
}

function responseBody(res: SourceNode, source: YamlSource, yaml: YamlModule): { bytes: Buffer; node: SourceNode } {
  const parsed = res.field('parsed_body');
  if (parsed.present) {
    try {
      return { bytes: Buffer.from(pythonJsonDumps(yaml, source.doc, source.nodeAt(parsed.tokens)), 'utf8'), node: parsed };
    } catch (e) {
      return parsed.fail(`parsed_body cannot be printed as JSON: ${(e as Error).message}`);
    }
  }
  const body = res.field('body');
  if (body.isObject() && Object.hasOwn(body.value as object, 'string')) return { bytes: bytesOf(body.field('string'), 'response body'), node: body.field('string') };
  return res.fail(
    `unknown ${WHAT} variant: the response has neither body.string nor parsed_body (${body.present ? `body is ${body.describe()} with ${body.keys().map((k) => JSON.stringify(k)).join(', ') || 'no keys'}` : `response keys: ${res.keys().join(', ')}`})`,
  );
}

/** A body as vcrpy stores it: text (UTF-8), `!!binary` bytes, or null/absent (empty). */
function bytesOf(node: SourceNode, what: string): Buffer {
  const v = node.value;
  if (v === undefined || v === null) return Buffer.alloc(0);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return node.fail(`unknown ${WHAT} variant: the ${what} is ${node.describe()}, not text or !!binary`);
}
