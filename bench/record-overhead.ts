/**
 * What recording costs a client: mockllm record in front of a local upstream against the
 * same upstream reached directly, measured in the same run — added p50 latency of a
 * non-stream request, added time to first byte of a stream, and stream throughput.
 * Upstream and proxy each run in their own process (the load generator is this one);
 * loopback only; bounded to a few seconds. Recordings go to a temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type { BenchResult } from './bench-result.js';
import { percentile, runLoad } from './load.js';
import { PAIRS, SLICE_MS } from './paired.js';

/** The built CLI, run by plain node as a user runs it (`npm run bench` builds first). */
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const WARMUP_MS = 1500;
const BIG_EVENTS = 8000;
const STREAM_PAUSE_MS = 5;

/**
 * The upstream: a plain node:http server. `/json` answers a chat completion; `/stream`
 * sends its head and first SSE event at once and the other 199 events 5 ms later, like a
 * model's first token and the rest (a 200-write burst would measure core contention on a
 * small machine, not the time to the first byte); `/big` 8,000 events of ~1 KB as fast as
 * the socket takes them.
 */
const UPSTREAM = `
import { createServer } from 'node:http';
const completion = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'A reasonably sized answer. '.repeat(20) }, finish_reason: 'stop' }] }, null, 2);
const events = Array.from({ length: 200 }, (_, i) => 'data: ' + JSON.stringify({ id: 'chatcmpl-bench', choices: [{ index: 0, delta: { content: 'tok' + i } }] }) + '\\n\\n');
const big = Array.from({ length: ${BIG_EVENTS} }, (_, i) => 'data: ' + JSON.stringify({ i, text: 'x'.repeat(1000) }) + '\\n\\n');
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/json') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
      return res.end(completion);
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.socket.setNoDelay(true);
    res.flushHeaders();
    const list = req.url === '/big' ? big : events;
    let i = 0;
    const pump = () => {
      while (i < list.length) if (!res.write(list[i++])) return void res.once('drain', pump);
      res.end();
    };
    if (list === big) return pump();
    res.write(list[i++]);
    setTimeout(pump, 5);
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));
`;

/**
 * A bare pass-through proxy (node:http in, undici out, every chunk written as it comes),
 * measured beside mockllm: what one extra loopback hop costs on this machine, which no
 * recorder can go below. Reported in the details, not used for the targets.
 */
const BARE_PROXY = `
import { createServer } from 'node:http';
import { Agent, request } from 'undici';
const agent = new Agent();
const upstream = process.argv[1];
createServer((req, res) => {
  const body = [];
  req.on('data', (c) => body.push(c));
  req.on('end', async () => {
    const up = await request(upstream + req.url, { method: req.method, headers: { 'content-type': 'application/json' }, body: Buffer.concat(body), dispatcher: agent });
    res.writeHead(up.statusCode, up.headers);
    up.body.on('data', (c) => res.write(c));
    up.body.on('end', () => res.end());
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write('PORT ' + this.address().port + '\\n'); });
`;

/**
 * The floor below even a bare proxy: a process that only copies bytes between two TCP
 * connections (no HTTP at all). On a VM whose vCPUs sleep between requests, one more
 * process to wake costs this much by itself. Reported in the details.
 */
const TCP_PIPE = `
import net from 'node:net';
const port = Number(new URL(process.argv[1]).port);
net.createServer((client) => {
  const upstream = net.connect(port, '127.0.0.1');
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.pipe(upstream).pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
}).listen(0, '127.0.0.1', function () { process.stdout.write('PORT ' + this.address().port + '\\n'); });
`;

function spawnUntil(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.once('exit', (code) => reject(new Error(`bench child exited (${code}) before it was ready: ${args.join(' ')}`)));
  });
}

/** Time to the first body byte and to the last, for one request on a keep-alive pool. */
async function timeOne(pool: Pool, path: string): Promise<{ ttfb: number; total: number; bytes: number }> {
  const t0 = performance.now();
  const res = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o-mini","stream":true}' });
  let ttfb = 0;
  let bytes = 0;
  for await (const chunk of res.body) {
    if (bytes === 0) ttfb = performance.now() - t0;
    bytes += (chunk as Buffer).length;
  }
  return { ttfb, total: performance.now() - t0, bytes };
}

/** Resolves once the recorder has written every exchange it answered. */
async function recorderIdle(base: string): Promise<void> {
  const pool = new Pool(base, { connections: 1 });
  try {
    for (;;) {
      const res = await pool.request({ path: '/_mockllm/status', method: 'GET' });
      const s = (await res.body.json()) as { requests: number; recorded: number };
      if (s.recorded >= s.requests) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await pool.close();
  }
}

/** Back-to-back requests for `ms`, with `pauseMs` between them (a client doing something with each answer). */
async function repeat(pool: Pool, path: string, ms: number, pauseMs: number): Promise<Array<{ ttfb: number; total: number; bytes: number }>> {
  const out = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    out.push(await timeOne(pool, path));
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return out;
}

/** Runs both measurements of pair `i`, direct first in even pairs and second in odd ones; answers [direct, proxy]. */
async function inTurn(i: number, direct: () => Promise<number>, proxy: () => Promise<number>): Promise<[number, number]> {
  if (i % 2 === 0) {
    const d = await direct();
    return [d, await proxy()];
  }
  const p = await proxy();
  return [await direct(), p];
}

/** The median of `values` (the upper one of an even count). */
function median(values: number[]): number {
  return percentile(values, 50);
}

export async function benchRecordOverhead(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mockllm-bench-record-'));
  const upstream = await spawnUntil(['--input-type=module', '-e', UPSTREAM], /PORT (\d+)/);
  const direct = `http://127.0.0.1:${upstream.match[1]}`;
  const proxy = await spawnUntil([CLI, 'record', '--upstream', direct, '--cassettes', dir, '--port', '0', '--log-level', 'silent'], /listening on (http:\/\/\S+)/);
  const via = proxy.match[1]!;
  const bareProxy = await spawnUntil(['--input-type=module', '-e', BARE_PROXY, direct], /PORT (\d+)/);
  const bare = `http://127.0.0.1:${bareProxy.match[1]}`;
  const tcpPipe = await spawnUntil(['--input-type=module', '-e', TCP_PIPE, direct], /PORT (\d+)/);
  const pipePool = new Pool(`http://127.0.0.1:${tcpPipe.match[1]}`, { connections: 1 });
  const directPool = new Pool(direct, { connections: 1 });
  const proxyPool = new Pool(via, { connections: 1 });
  const barePool = new Pool(bare, { connections: 1 });
  try {
    // Warm every path (JIT, connections, the recorder's writer) before measuring: a cold
    // proxy adds several times what a warm one does.
    for (const [url, prefix] of [[direct, ''], [via, '/c/warm'], [bare, ''], [`http://127.0.0.1:${tcpPipe.match[1]}`, '']] as const) {
      await runLoad({ url, path: `${prefix}/json`, concurrency: 1, durationMs: WARMUP_MS, body: '{}' });
      await runLoad({ url, path: `${prefix}/stream`, concurrency: 1, durationMs: WARMUP_MS / 2, body: '{}' });
    }
    await timeOne(proxyPool, '/c/warm/big');
    await recorderIdle(via);

    // Each measurement runs in pairs of slices, direct then recorder (or the reverse, in
    // turn), so both sides of a pair share the machine's state at that moment; the figure
    // is the median over the pairs. The bare proxy runs a shorter slice in each pair.
    // 1. Non-stream latency: sequential requests, p50 per slice.
    const latency = { added: [] as number[], direct: [] as number[], proxy: [] as number[], bare: [] as number[] };
    for (let i = 0; i < PAIRS; i++) {
      const body = `{"pair":${i}}`;
      const d = async () => (await runLoad({ url: direct, path: '/json', concurrency: 1, durationMs: SLICE_MS, body })).p50;
      const p = async () => (await runLoad({ url: via, path: `/c/latency-${i}/json`, concurrency: 1, durationMs: SLICE_MS, body })).p50;
      const [pd, pp] = await inTurn(i, d, p);
      latency.direct.push(pd);
      latency.proxy.push(pp);
      latency.added.push(pp - pd);
      latency.bare.push((await runLoad({ url: bare, path: '/json', concurrency: 1, durationMs: SLICE_MS / 3, body })).p50);
    }
    const addedLatency = median(latency.added);

    // 2. Time to first byte of a 200-event stream. The client pauses 5 ms between streams
    // (as any caller that reads its answer does): recording a stream costs CPU after it
    // ends, which a back-to-back loop would count as TTFB of the next one.
    const ttfb = { added: [] as number[], direct: [] as number[], proxy: [] as number[], bare: [] as number[], pipe: [] as number[] };
    const p50Ttfb = (xs: Array<{ ttfb: number }>) => median(xs.map((x) => x.ttfb));
    for (let i = 0; i < PAIRS; i++) {
      const d = async () => p50Ttfb(await repeat(directPool, '/stream', SLICE_MS, STREAM_PAUSE_MS));
      const p = async () => p50Ttfb(await repeat(proxyPool, `/c/ttfb-${i}/stream`, SLICE_MS, STREAM_PAUSE_MS));
      const [td, tp] = await inTurn(i, d, p);
      ttfb.direct.push(td);
      ttfb.proxy.push(tp);
      ttfb.added.push(tp - td);
      ttfb.bare.push(p50Ttfb(await repeat(barePool, '/stream', SLICE_MS / 3, STREAM_PAUSE_MS)));
      ttfb.pipe.push(p50Ttfb(await repeat(pipePool, '/stream', SLICE_MS / 3, STREAM_PAUSE_MS)));
    }
    const addedTtfb = median(ttfb.added);

    // 3. Throughput of one long stream (8,000 × ~1 KB events). Each proxied run starts once
    // the previous recording is written: this is the relay's throughput, not that of a
    // stream sharing a core with the write of the last one.
    const mbps = (x: { total: number; bytes: number }) => x.bytes / 1e6 / (x.total / 1000);
    const through = { ratio: [] as number[], direct: [] as number[], proxy: [] as number[], bare: [] as number[] };
    for (let i = 0; i < PAIRS; i++) {
      await recorderIdle(via);
      const d = async () => mbps(await timeOne(directPool, '/big'));
      const p = async () => mbps(await timeOne(proxyPool, `/c/big-${i}/big`));
      const [md, mp] = await inTurn(i, d, p);
      through.direct.push(md);
      through.proxy.push(mp);
      through.ratio.push(mp / md);
      through.bare.push(mbps(await timeOne(barePool, '/big')));
    }
    const ratio = median(through.ratio);
    const note = `median of ${PAIRS} pairs`;

    return [
      {
        name: 'record: added p50 latency, non-stream request',
        value: addedLatency,
        unit: 'ms',
        target: '≤ 1 ms',
        pass: addedLatency <= 1,
        detail: `${note} of ${SLICE_MS} ms slices; p50 direct ${median(latency.direct).toFixed(2)} ms, through the recorder ${median(latency.proxy).toFixed(2)} ms, through a bare proxy ${median(latency.bare).toFixed(2)} ms`,
      },
      {
        name: 'record: added time to first byte, 200-event stream',
        value: addedTtfb,
        unit: 'ms',
        target: '≤ 1 ms',
        pass: addedTtfb <= 1,
        detail: `${note} of ${SLICE_MS} ms slices (streams ${STREAM_PAUSE_MS} ms apart); TTFB p50 direct ${median(ttfb.direct).toFixed(2)} ms, through the recorder ${median(ttfb.proxy).toFixed(2)} ms, through a bare proxy ${median(ttfb.bare).toFixed(2)} ms, through a TCP pipe ${median(ttfb.pipe).toFixed(2)} ms`,
      },
      {
        name: 'record: stream throughput vs direct',
        value: ratio,
        unit: '× direct',
        target: '≥ 0.7× direct',
        pass: ratio >= 0.7,
        detail: `${note}; one ${BIG_EVENTS}-event stream (~8 MB): direct ${median(through.direct).toFixed(0)} MB/s, through the recorder ${median(through.proxy).toFixed(0)} MB/s, through a bare proxy ${median(through.bare).toFixed(0)} MB/s`,
      },
    ];
  } finally {
    await Promise.all([directPool.close(), proxyPool.close(), barePool.close(), pipePool.close()]);
    for (const { child } of [proxy, bareProxy, tcpPipe, upstream]) child.kill('SIGTERM');
    await Promise.all([proxy, bareProxy, tcpPipe, upstream].map(({ child }) => (child.exitCode !== null ? undefined : new Promise((r) => child.once('exit', r)))));
    rmSync(dir, { recursive: true, force: true });
  }
}

// `tsx bench/record-overhead.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await benchRecordOverhead()) process.stdout.write(`${r.pass ? 'PASS' : 'MISS'}  ${r.name}: ${r.value.toFixed(2)} ${r.unit} (target ${r.target})\n      ${r.detail}\n`);
}
