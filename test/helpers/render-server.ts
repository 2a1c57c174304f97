/**
 * A tiny loopback server that answers every request with a rendered hand-written reply,
 * through the real replay plan and player — enough to drive official SDK clients against
 * `renderReply` without the full replay server.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ReplySpec, StoredResponse } from '../../src/cassette/types.js';
import { renderReply } from '../../src/handwritten/renderer.js';
import type { RequestView } from '../../src/providers/provider.js';
import { detectProvider } from '../../src/providers/registry.js';
import { planFromStored } from '../../src/replay/plan.js';
import { play } from '../../src/replay/player.js';

export interface RenderServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** Every request seen, in order. */
  requests: RequestView[];
  /** What was rendered for each request, in order. */
  rendered: StoredResponse[];
  close(): Promise<void>;
}

export interface RenderServerOptions {
  knownModels?: string[];
}

/** Starts the server on 127.0.0.1:0. `reply` is fixed, or chosen per request. */
export async function startRenderServer(reply: ReplySpec | ((req: RequestView) => ReplySpec), options: RenderServerOptions = {}): Promise<RenderServer> {
  const requests: RequestView[] = [];
  const rendered: StoredResponse[] = [];
  const server = createServer((req, res) => {
    const startedAt = performance.now();
    void readBody(req).then(async (body) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const view: RequestView = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, json: parseJson(body) };
      requests.push(view);
      const provider = detectProvider(view);
      const spec = typeof reply === 'function' ? reply(view) : reply;
      const stored = renderReply(spec, view, { provider, knownModels: options.knownModels ?? ['mock-model'] });
      rendered.push(stored);
      await play(res, planFromStored(stored), { timingFactor: 0, startedAt, isTerminator: provider.isTerminator });
    }).catch((error: unknown) => {
      // A rendering bug must fail the test visibly, not hang the client.
      res.statusCode = 500;
      res.end(`render-server: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    rendered,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
