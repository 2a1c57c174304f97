/**
 * Servers under test, each in its own process so that the load generator and the server
 * each get a core. Plain JavaScript run by plain `node` on the built `dist/`: both the
 * baseline and mockllm run exactly as a user's would, with no TypeScript loader in the way.
 *
 *   node bench/bench-servers.mjs raw SPEC_FILE   the baseline: writes the bytes in SPEC_FILE
 *   node bench/bench-servers.mjs mockllm DIR     `startReplay` on the cassettes in DIR
 *
 * Prints `PORT <n>` when listening.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const [kind, arg] = process.argv.slice(2);

if (kind === 'mockllm') {
  const { startReplay } = await import('../dist/index.js');
  const handle = await startReplay({ cassettes: arg, port: 0, logLevel: 'silent' });
  process.stdout.write(`PORT ${handle.port}\n`);
} else if (kind === 'raw') {
  // The baseline writes the very bytes mockllm replays, the same way: headers, then each
  // event in its own write (streams) or the body in one write.
  /** @type {{ headers: Record<string, string>; body?: string; events?: string[] }} */
  const spec = JSON.parse(readFileSync(arg, 'utf8'));
  const body = Buffer.from(spec.body ?? '');
  const events = spec.events?.map((e) => Buffer.from(e));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (events) {
        res.writeHead(200, spec.headers);
        res.socket?.setNoDelay(true);
        res.flushHeaders();
        for (const e of events) res.write(e);
        res.end();
      } else {
        res.writeHead(200, { ...spec.headers, 'content-length': body.length });
        res.end(body);
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${server.address().port}\n`));
} else {
  process.stderr.write(`usage: node bench/bench-servers.mjs raw SPEC_FILE | mockllm DIR\n`);
  process.exit(2);
}
