import type { IncomingMessage } from 'node:http';
import { ErrorCodes, MockllmError } from '../errors.js';

/** Reads a request body, refusing more than `limit` bytes (checked against content-length first). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge(declared, limit));
      return;
    }
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
  return new MockllmError(
    ErrorCodes.BODY_TOO_LARGE,
    `request body of ${size} bytes exceeds the limit of ${limit} bytes; raise it with --max-body-bytes`,
  );
}
