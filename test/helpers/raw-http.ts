/**
 * A curl-like HTTP/1.1 client on a raw socket that keeps what higher-level clients hide:
 * the exact header block, each chunk of a chunked body as its own unit with its arrival
 * time, and whether the connection was reset.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RawChunk {
  bytes: Buffer;
  /** ms since the request was written. */
  at: number;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string | undefined>;
  rawHead: string;
  /** The body after transfer decoding (chunked or content-length). */
  body: Buffer;
  /** Chunked bodies: each chunk as sent; otherwise the reads as they arrived. */
  chunks: RawChunk[];
  /** The connection ended before the body was complete (reset or cut). */
  broken: boolean;
  /** ms from write to the first body byte. */
  firstByteAt?: number;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Called as each body chunk arrives (e.g. to act in the middle of a stream). */
  onChunk?: (chunk: RawChunk, index: number) => void;
}

export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = typeof req.body === 'string' ? Buffer.from(req.body) : (req.body ?? Buffer.alloc(0));
  const headers: Record<string, string> = { host: url.host, connection: 'close', ...(req.headers ?? {}) };
  if (body.length > 0 || (req.method ?? 'GET') !== 'GET') headers['content-length'] = String(body.length);
  const head = `${req.method ?? 'GET'} ${req.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    const parser = new ResponseParser(req.onChunk);
    let start = 0;
    socket.on('connect', () => {
      start = performance.now();
      socket.write(Buffer.concat([Buffer.from(head), body]));
    });
    socket.on('data', (d: Buffer) => parser.push(d, performance.now() - start));
    const finish = (broken: boolean) => {
      try {
        resolve(parser.result(broken));
      } catch (e) {
        reject(e);
      }
    };
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(!parser.complete));
  });
}

class ResponseParser {
  readonly #onChunk: RawRequest['onChunk'];
  constructor(onChunk?: RawRequest['onChunk']) {
    this.#onChunk = onChunk;
  }
  #buf = Buffer.alloc(0);
  #head: { status: number; headers: Record<string, string>; raw: string } | undefined;
  #chunks: RawChunk[] = [];
  #body: Buffer[] = [];
  #firstByteAt: number | undefined;
  complete = false;

  push(data: Buffer, at: number): void {
    this.#buf = Buffer.concat([this.#buf, data]);
    if (!this.#head) {
      const end = this.#buf.indexOf('\r\n\r\n');
      if (end === -1) return;
      const raw = this.#buf.subarray(0, end).toString('latin1');
      const [statusLine, ...lines] = raw.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim().toLowerCase();
        const value = line.slice(i + 1).trim();
        headers[name] = headers[name] !== undefined ? `${headers[name]}, ${value}` : value;
      }
      this.#head = { status: Number(statusLine!.split(' ')[1]), headers, raw };
      this.#buf = this.#buf.subarray(end + 4);
    }
    if (this.#buf.length > 0 && this.#firstByteAt === undefined) this.#firstByteAt = at;
    if (this.#head.headers['transfer-encoding'] === 'chunked') this.#parseChunks(at);
    else {
      if (this.#buf.length > 0) {
        this.#chunks.push({ bytes: this.#buf, at });
        this.#body.push(this.#buf);
      }
      this.#buf = Buffer.alloc(0);
      const length = Number(this.#head.headers['content-length']);
      if (Number.isFinite(length) && Buffer.concat(this.#body).length >= length) this.complete = true;
    }
  }

  #parseChunks(at: number): void {
    for (;;) {
      const lineEnd = this.#buf.indexOf('\r\n');
      if (lineEnd === -1) return;
      const size = parseInt(this.#buf.subarray(0, lineEnd).toString('latin1'), 16);
      if (this.#buf.length < lineEnd + 2 + size + 2) return;
      if (size === 0) {
        this.complete = true;
        this.#buf = Buffer.alloc(0);
        return;
      }
      const bytes = this.#buf.subarray(lineEnd + 2, lineEnd + 2 + size);
      this.#chunks.push({ bytes, at });
      this.#onChunk?.({ bytes, at }, this.#chunks.length - 1);
      this.#body.push(bytes);
      this.#buf = this.#buf.subarray(lineEnd + 2 + size + 2);
    }
  }

  result(broken: boolean): RawResponse {
    if (!this.#head) {
      if (broken) return { status: 0, headers: {}, rawHead: '', body: Buffer.alloc(0), chunks: [], broken: true };
      throw new Error('connection closed before a response head');
    }
    const r: RawResponse = {
      status: this.#head.status,
      headers: this.#head.headers,
      rawHead: this.#head.raw,
      body: Buffer.concat(this.#body),
      chunks: this.#chunks,
      broken: broken && !this.complete,
    };
    if (this.#firstByteAt !== undefined) r.firstByteAt = this.#firstByteAt;
    return r;
  }
}
