/**
 * Typed access to the real captured LLM API traffic in `test/fixtures/captures`
 * (a copy of the shared captures; see its README.md for provenance and the fidelity legend).
 *
 * Tests never read the shared directory: everything comes from the fixture copy, located
 * relative to this file so it works from any working directory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StreamFraming } from '../../src/cassette/types.js';
import { framingForContentType } from '../../src/framing/event-splitter.js';

/** Absolute path of `test/fixtures/captures`. */
export const CAPTURES_DIR = fileURLToPath(new URL('../fixtures/captures/', import.meta.url));

/** Header map as written in a meta file: original name case, repeated headers as lists. */
export type MetaHeaders = Record<string, string | string[]>;

/** The `<name>.meta.json` file next to each captured body, as written by the capture tool. */
export interface CaptureMeta {
  source_repo: string;
  source_path: string;
  /** Null for items not taken from a repository snapshot (the PR-text fragment). */
  commit: string | null;
  /** Index of the interaction in the source cassette (absent for non-cassette items). */
  interaction_index?: number;
  /** Present on non-cassette items only: says what the item really is (DOC EXAMPLE, FRAGMENT…). */
  kind?: string;
  request: {
    method: string;
    /** scheme + host (+ port). */
    origin: string;
    /** Path *with* the query string. */
    path: string;
    headers: MetaHeaders;
    /** Parsed JSON of the request body (the original bytes were not kept), a string, or null when not captured. */
    body: unknown;
    body_note?: string;
  };
  response: {
    status: number;
    status_text?: string;
    headers: MetaHeaders;
    /** File name of the body, relative to the meta file's directory. */
    body_file: string;
    body_bytes?: number;
    /** Free text; see {@link fidelityLabel} for the README legend label it maps to. */
    body_fidelity: string;
    /** Set when the server sent `Content-Encoding` (the body file is the decoded body). */
    recorded_content_encoding?: string;
    recorded_body_bytes_compressed?: number;
    /** Sibling file with the exact compressed wire bytes, when they were kept. */
    raw_compressed_file?: string;
  };
  note: string;
}

/** The body-fidelity labels of the captures README legend. */
export type FidelityLabel =
  | 'raw'
  | 'raw (gunzipped; .gz = wire bytes)'
  | 'raw (gunzipped)'
  | 'raw fragment (from PR text)'
  | 'NEAR-RAW (scrubbed by source)'
  | 'RE-SERIALIZED'
  | 'DOC EXAMPLE';

export const FIDELITY_LABELS: readonly FidelityLabel[] = [
  'raw',
  'raw (gunzipped; .gz = wire bytes)',
  'raw (gunzipped)',
  'raw fragment (from PR text)',
  'NEAR-RAW (scrubbed by source)',
  'RE-SERIALIZED',
  'DOC EXAMPLE',
];

export interface CaptureRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  search: URLSearchParams;
  /** Recorded request headers, names lower-cased (repeated values joined with `, `). */
  headers: Record<string, string>;
  /**
   * The request body to send: `JSON.stringify` (compact) of the recorded body when it is
   * JSON, the string itself when it is a string, empty when it was not captured. The
   * captures kept only the *parsed* request body, so these are not the original bytes
   * (the recorded `content-length` request header is therefore stale).
   */
  body: Buffer;
}

export interface Capture {
  /** `<provider dir>/<name>`, e.g. `openai/chat-stream`. */
  id: string;
  /** Directory: `openai`, `ollama`, `anthropic`, `gemini`, `openai-compatible`. */
  provider: string;
  /** File name stem, e.g. `chat-stream` (used as the interaction id in example cassettes). */
  name: string;
  meta: CaptureMeta;
  /** The response body file bytes (`.json` / `.sse` / `.ndjson`), already content-decoded. */
  body: Buffer;
  /** The exact gzip wire bytes (`<body>.gz`), when they were kept. */
  wireGzip?: Buffer;
  /** README legend label derived from the meta file. */
  fidelity: FidelityLabel;
  /**
   * Whether `body` is the exact bytes the server sent (after content-decoding), so a test
   * may compare *wire* bytes against it. False for RE-SERIALIZED, NEAR-RAW and DOC
   * EXAMPLE bodies — those are still valid bodies to replay byte-for-byte from a cassette.
   */
  byteFaithful: boolean;
  /** Stream framing implied by the response content-type (also set for Gemini's non-2xx bare-JSON errors). */
  framing?: StreamFraming;
  /** True when the response is a real stream: a stream content-type *and* a 2xx status. */
  streamed: boolean;
  status: number;
  request: CaptureRequest;
  /** Recorded response headers, names lower-cased; values as recorded (including transfer headers). */
  responseHeaders: Record<string, string | string[]>;
}

/** Maps a meta file's free-text `body_fidelity` (and `kind`) onto the README legend. */
export function fidelityLabel(meta: CaptureMeta, hasWireGzip: boolean): FidelityLabel {
  const kind = (meta.kind ?? '').toUpperCase();
  if (kind.startsWith('DOCUMENTATION EXAMPLE')) return 'DOC EXAMPLE';
  if (kind.startsWith('FRAGMENT')) return 'raw fragment (from PR text)';
  const text = meta.response.body_fidelity.toLowerCase();
  if (text.startsWith('re-serialized') || text.startsWith('reserialized')) return 'RE-SERIALIZED';
  if (text.startsWith('near-raw')) return 'NEAR-RAW (scrubbed by source)';
  if (text.startsWith('raw bytes as sent by server, gzip-decoded'))
    return hasWireGzip ? 'raw (gunzipped; .gz = wire bytes)' : 'raw (gunzipped)';
  if (text.startsWith('raw')) return 'raw';
  // A new capture with an unknown wording must be classified by hand, not guessed.
  throw new Error(`captures: unknown body_fidelity ${JSON.stringify(meta.response.body_fidelity)}`);
}

export function isByteFaithful(label: FidelityLabel): boolean {
  return label.startsWith('raw');
}

function lowerCaseHeaders(headers: MetaHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const prev = out[lower];
    // Two spellings of one header name would be one repeated header on the wire.
    if (prev === undefined) out[lower] = value;
    else out[lower] = [...(Array.isArray(prev) ? prev : [prev]), ...(Array.isArray(value) ? value : [value])];
  }
  return out;
}

function requestBody(body: unknown): Buffer {
  if (body === null || body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function readCapture(provider: string, metaFile: string): Capture {
  const dir = `${CAPTURES_DIR}${provider}/`;
  const name = metaFile.slice(0, -'.meta.json'.length);
  const meta = JSON.parse(readFileSync(dir + metaFile, 'utf8')) as CaptureMeta;
  const body = readFileSync(dir + meta.response.body_file);
  const gzFile = meta.response.raw_compressed_file;
  const wireGzip = gzFile !== undefined && existsSync(dir + gzFile) ? readFileSync(dir + gzFile) : undefined;
  const fidelity = fidelityLabel(meta, wireGzip !== undefined);
  const responseHeaders = lowerCaseHeaders(meta.response.headers);
  const framing = framingForContentType(headerValue(responseHeaders['content-type']));
  const status = meta.response.status;

  const rawPath = meta.request.path;
  const q = rawPath.indexOf('?');
  const requestHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(lowerCaseHeaders(meta.request.headers))) requestHeaders[k] = headerValue(v)!;

  const capture: Capture = {
    id: `${provider}/${name}`,
    provider,
    name,
    meta,
    body,
    fidelity,
    byteFaithful: isByteFaithful(fidelity),
    streamed: framing !== undefined && status >= 200 && status < 300,
    status,
    request: {
      method: meta.request.method.toUpperCase(),
      path: q === -1 ? rawPath : rawPath.slice(0, q),
      search: new URLSearchParams(q === -1 ? '' : rawPath.slice(q + 1)),
      headers: requestHeaders,
      body: requestBody(meta.request.body),
    },
    responseHeaders,
  };
  if (wireGzip) capture.wireGzip = wireGzip;
  if (framing) capture.framing = framing;
  return capture;
}

let cache: Capture[] | undefined;

/**
 * Every capture, sorted by id. Read once per process and shared: treat the returned
 * objects (and their Buffers) as read-only.
 */
export function loadCaptures(): Capture[] {
  if (!cache) {
    const all: Capture[] = [];
    for (const entry of readdirSync(CAPTURES_DIR, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const file of readdirSync(CAPTURES_DIR + entry.name)) {
        if (file.endsWith('.meta.json')) all.push(readCapture(entry.name, file));
      }
    }
    all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    cache = all;
  }
  return [...cache];
}

/** One capture by id (`openai/chat-stream`); throws on an unknown id so typos fail loudly. */
export function loadCapture(id: string): Capture {
  const found = loadCaptures().find((c) => c.id === id);
  if (!found) throw new Error(`captures: no capture ${JSON.stringify(id)} (known: ${loadCaptures().map((c) => c.id).join(', ')})`);
  return found;
}

/** Alias of {@link loadCaptures}, for symmetry with the filters below. */
export function allCaptures(): Capture[] {
  return loadCaptures();
}

/** Captures whose response is a real 2xx SSE/NDJSON stream. */
export function streamingCaptures(): Capture[] {
  return loadCaptures().filter((c) => c.streamed);
}

/** Captures whose response is a single body (JSON, including non-2xx errors with a stream content-type). */
export function bodyCaptures(): Capture[] {
  return loadCaptures().filter((c) => !c.streamed);
}

/** Captures whose body bytes are what the server really sent (fidelity label starts with `raw`). */
export function byteFaithfulCaptures(): Capture[] {
  return loadCaptures().filter((c) => c.byteFaithful);
}

/** Captures of one provider directory. */
export function capturesOf(provider: string): Capture[] {
  return loadCaptures().filter((c) => c.provider === provider);
}

/** Whether the request was really captured (the fragment and the doc example have no request body). */
export function hasCapturedRequest(c: Capture): boolean {
  return c.meta.request.body !== null && c.meta.request.body !== undefined;
}

/** Request headers a test client should not copy verbatim: they describe the original connection. */
const CONNECTION_REQUEST_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'expect']);

/**
 * The recorded request headers minus the ones that belong to the original connection
 * (host, content-length — stale, since `request.body` is re-serialized — connection…),
 * ready to send from a test client. `accept-encoding` is kept: it is part of what the
 * client asked for.
 */
export function clientRequestHeaders(c: Capture): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.request.headers)) if (!CONNECTION_REQUEST_HEADERS.has(k)) out[k] = v;
  return out;
}

/** `path?query` of the request exactly as recorded. */
export function requestTarget(c: Capture): string {
  return c.meta.request.path;
}
