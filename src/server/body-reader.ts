import type { IncomingMessage } from 'node:http';
import { Errors, type MockllmError } from '../errors.js';

/** Reads a request body, refusing more than `limit` bytes (checked against content-length first). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(declared, limit);
  }
  // A small body arrives in the same read as its head, and the parser buffers all of it
  // right after the request event: one microtask later it can be taken at once, without
  // the turns of the event loop that flowing mode and 'end' take.
  await undefined;
  if (req.complete && req.readableFlowing === null) {
    const body = (req.read() as Buffer | null) ?? Buffer.alloc(0);
    if (body.length > limit) throw tooLarge(body.length, limit);
    return body;
  }
  return readStreaming(req, limit);
}

function readStreaming(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(size, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(size: number, limit: number): MockllmError {
  return Errors.bodyTooLarge(size, limit);
}
