import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMockllmError } from '../errors.js';
import { readBody } from './body-reader.js';
import type { MockllmServer } from './mockllm-server.js';

export const ADMIN_PREFIX = '/_mockllm/';

/**
 * `/_mockllm/*`: health (readiness probe), status, reload, shutdown, faults. Never matched
 * against cassettes, never recorded.
 */
export async function handleAdmin(server: MockllmServer, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const sub = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  const body = await readBody(req, 1024 * 1024).catch(() => Buffer.alloc(0));
  if (sub === 'faults' || sub.startsWith('faults/')) {
    if (server.faults?.admin && (await server.faults.admin(req, res, sub, body))) return;
    return sendJson(res, 404, { error: 'fault overlays are not enabled on this server' });
  }
  switch (sub) {
    case 'health':
      return sendJson(res, 200, { status: 'ok', mode: server.mode, url: server.url });
    case 'status':
      return sendJson(res, 200, server.snapshot());
    case 'reload':
      if (method !== 'POST') return sendJson(res, 405, { error: 'use POST /_mockllm/reload' });
      try {
        return sendJson(res, 200, { reloaded: true, ...server.reload() });
      } catch (e) {
        const details = isMockllmError(e) ? e.details : [];
        server.logger.error(`reload failed, still serving the previous cassettes: ${(e as Error).message}${details.length ? `\n  ${details.join('\n  ')}` : ''}`);
        return sendJson(res, 422, { reloaded: false, error: (e as Error).message, details });
      }
    case 'shutdown':
      if (method !== 'POST') return sendJson(res, 405, { error: 'use POST /_mockllm/shutdown' });
      sendJson(res, 200, { shuttingDown: true, ...server.snapshot() });
      setImmediate(() => (server.onShutdownRequest ? server.onShutdownRequest() : void server.close()));
      return;
    default:
      return sendJson(res, 404, { error: `unknown admin path ${url.pathname}; known: health, status, reload, shutdown, faults` });
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
}
