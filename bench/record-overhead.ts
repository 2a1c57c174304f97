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

const CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const SLICE_MS = Number(process.env.BENCH_DURATION_MS ?? 3000) / 6;
const ROUNDS = 3;
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

export async function benchRecordOverhead(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mockllm-bench-record-'));
  const upstream = await spawnUntil(['--input-type=module', '-e', UPSTREAM], /PORT (\d+)/);
  const direct = `http://127.0.0.1:${upstream.match[1]}`;
  const proxy = await spawnUntil(['--import', 'tsx', CLI, 'record', '--upstream', direct, '--cassettes', dir, '--port', '0', '--log-level', 'silent'], /listening on (http:\/\/\S+)/);
  const via = proxy.match[1]!;
  const bareProxy = await spawnUntil(['--input-type=module', '-e', BARE_PROXY, direct], /PORT (\d+)/);
  const bare = `http://127.0.0.1:${bareProxy.match[1]}`;
  try {
    // Warm both paths (JIT, connections) before measuring.
    await runLoad({ url: direct, path: '/json', concurrency: 1, durationMs: 200, body: '{}' });
    await runLoad({ url: via, path: '/c/warm/json', concurrency: 1, durationMs: 200, body: '{}' });
    await runLoad({ url: bare, path: '/json', concurrency: 1, durationMs: 200, body: '{}' });

    // 1. Non-stream latency, sequential requests, direct and proxied slices interleaved.
    const p50 = { direct: [] as number[], proxy: [] as number[], bare: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      p50.direct.push((await runLoad({ url: direct, path: '/json', concurrency: 1, durationMs: SLICE_MS, body: `{"round":${r}}` })).p50);
      p50.proxy.push((await runLoad({ url: via, path: `/c/latency-${r}/json`, concurrency: 1, durationMs: SLICE_MS, body: `{"round":${r}}` })).p50);
      p50.bare.push((await runLoad({ url: bare, path: '/json', concurrency: 1, durationMs: SLICE_MS / 3, body: `{"round":${r}}` })).p50);
    }
    const addedLatency = percentile(p50.proxy, 50) - percentile(p50.direct, 50);

    // 2. Time to first byte of a 200-event stream. The client pauses 5 ms between streams
    // (as any caller that reads its answer does): recording a stream costs ~2 ms of CPU
    // after it ends, which a back-to-back loop would count as TTFB of the next one.
    const directPool = new Pool(direct, { connections: 1 });
    const proxyPool = new Pool(via, { connections: 1 });
    const barePool = new Pool(bare, { connections: 1 });
    const ttfb = { direct: [] as number[], proxy: [] as number[], bare: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      ttfb.direct.push(...(await repeat(directPool, '/stream', SLICE_MS / 2, STREAM_PAUSE_MS)).map((x) => x.ttfb));
      ttfb.proxy.push(...(await repeat(proxyPool, `/c/ttfb-${r}/stream`, SLICE_MS / 2, STREAM_PAUSE_MS)).map((x) => x.ttfb));
      ttfb.bare.push(...(await repeat(barePool, '/stream', SLICE_MS / 4, STREAM_PAUSE_MS)).map((x) => x.ttfb));
    }
    const addedTtfb = percentile(ttfb.proxy, 50) - percentile(ttfb.direct, 50);

    // 3. Throughput of one long stream (8,000 × ~1 KB events), best of three each. Each
    // proxied run starts once the previous recording is written: this is the relay's
    // throughput, not that of two streams sharing a core with a cassette write.
    const mbps = (x: { total: number; bytes: number }) => x.bytes / 1e6 / (x.total / 1000);
    const through = { direct: 0, proxy: 0, bare: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      await recorderIdle(via);
      through.direct = Math.max(through.direct, mbps(await timeOne(directPool, '/big')));
      through.proxy = Math.max(through.proxy, mbps(await timeOne(proxyPool, `/c/big-${r}/big`)));
      through.bare = Math.max(through.bare, mbps(await timeOne(barePool, '/big')));
    }
    await Promise.all([directPool.close(), proxyPool.close(), barePool.close()]);
    const ratio = through.proxy / through.direct;

    return [
      {
        name: 'record: added p50 latency, non-stream request',
        value: addedLatency,
        unit: 'ms',
        target: '≤ 1 ms',
        pass: addedLatency <= 1,
        detail: `p50 direct ${percentile(p50.direct, 50).toFixed(2)} ms, through the recorder ${percentile(p50.proxy, 50).toFixed(2)} ms, through a bare proxy ${percentile(p50.bare, 50).toFixed(2)} ms (median of ${ROUNDS} slices)`,
      },
      {
        name: 'record: added time to first byte, 200-event stream',
        value: addedTtfb,
        unit: 'ms',
        target: '≤ 1 ms',
        pass: addedTtfb <= 1,
        detail: `TTFB p50 direct ${percentile(ttfb.direct, 50).toFixed(2)} ms, through the recorder ${percentile(ttfb.proxy, 50).toFixed(2)} ms, through a bare proxy ${percentile(ttfb.bare, 50).toFixed(2)} ms (${ttfb.proxy.length} streams, ${STREAM_PAUSE_MS} ms apart)`,
      },
      {
        name: 'record: stream throughput vs direct',
        value: ratio,
        unit: '× direct',
        target: '≥ 0.7× direct',
        pass: ratio >= 0.7,
        detail: `one ${BIG_EVENTS}-event stream (~8 MB): direct ${through.direct.toFixed(0)} MB/s, through the recorder ${through.proxy.toFixed(0)} MB/s, through a bare proxy ${through.bare.toFixed(0)} MB/s (best of ${ROUNDS})`,
      },
    ];
  } finally {
    for (const { child } of [proxy, bareProxy, upstream]) child.kill('SIGTERM');
    await Promise.all([proxy, bareProxy, upstream].map(({ child }) => (child.exitCode !== null ? undefined : new Promise((r) => child.once('exit', r)))));
    rmSync(dir, { recursive: true, force: true });
  }
}

// `tsx bench/record-overhead.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await benchRecordOverhead()) process.stdout.write(`${r.pass ? 'PASS' : 'MISS'}  ${r.name}: ${r.value.toFixed(2)} ${r.unit} (target ${r.target})\n      ${r.detail}\n`);
}
