/**
 * Servers under test, run in a child process so that the load generator and the server
 * each get a core: `tsx bench/bench-servers.ts raw-json|raw-stream|mockllm DIR [timing]`.
 * Prints `PORT <n>` when listening.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { startReplay } from '../src/api/start-server.js';

const [kind, arg] = process.argv.slice(2);

if (kind === 'mockllm') {
  const handle = await startReplay({ cassettes: arg!, port: 0, logLevel: 'silent' });
  process.stdout.write(`PORT ${handle.port}\n`);
} else {
  // The raw baseline writes the very bytes mockllm replays, the same way: headers, then
  // each event in its own write (streams) or the body in one write.
  const spec = JSON.parse(readFileSync(arg!, 'utf8')) as { headers: Record<string, string>; body?: string; events?: string[] };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (spec.events) {
        res.writeHead(200, spec.headers);
        res.socket?.setNoDelay(true);
        res.flushHeaders();
        for (const e of spec.events) res.write(e);
        res.end();
      } else {
        const body = Buffer.from(spec.body ?? '');
        res.writeHead(200, { ...spec.headers, 'content-length': body.length });
        res.end(body);
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
}
void kind;
