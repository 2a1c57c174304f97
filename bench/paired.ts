/**
 * Paired comparison of two servers on a small, noisy machine. Both run at once, each in
 * its own process; after a warm-up, short load slices alternate between them in A-B-B-A
 * order, so each pair of slices shares whatever else the machine was doing at that
 * moment. The figure is the median of the per-pair ratios: a burst of noise spoils one
 * pair, not the result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadSpec, type LoadStats } from './load.js';

const SERVERS = fileURLToPath(new URL('./bench-servers.mjs', import.meta.url));
export const PAIRS = Number(process.env.BENCH_PAIRS ?? 12);
export const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 400);
const WARMUP_MS = 1500;

export interface BenchServer {
  url: string;
  child: ChildProcess;
}

/** `node bench/bench-servers.mjs ARGS…` (plain node on the built dist), resolved once it listens. */
export async function spawnServer(args: string[]): Promise<BenchServer> {
  const child = spawn(process.execPath, [SERVERS, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before listening: ${args.join(' ')}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export interface PairedResult {
  /** Median over the pairs of `measure(b) / measure(a)`. */
  ratio: number;
  /** The pair whose ratio is the median: its two slices, for the detail line. */
  a: LoadStats;
  b: LoadStats;
  pairs: number;
}

/**
 * Loads `a` and `b` alternately with the same request and returns the median ratio of
 * `measure` (b over a). Servers are stopped afterwards.
 */
export async function comparePaired(
  a: BenchServer,
  b: BenchServer,
  load: Omit<LoadSpec, 'url' | 'durationMs'>,
  measure: (s: LoadStats) => number,
): Promise<PairedResult> {
  try {
    for (const s of [a, b]) await runLoad({ ...load, url: s.url, durationMs: WARMUP_MS });
    const pairs: Array<{ ratio: number; a: LoadStats; b: LoadStats }> = [];
    for (let i = 0; i < PAIRS; i++) {
      const order = i % 2 === 0 ? [a, b] : [b, a];
      const got = new Map<BenchServer, LoadStats>();
      for (const s of order) got.set(s, await runLoad({ ...load, url: s.url, durationMs: SLICE_MS }));
      const sa = got.get(a)!;
      const sb = got.get(b)!;
      pairs.push({ ratio: measure(sb) / measure(sa), a: sa, b: sb });
    }
    pairs.sort((x, y) => x.ratio - y.ratio);
    const median = pairs[Math.floor(pairs.length / 2)]!;
    return { ...median, pairs: pairs.length };
  } finally {
    await Promise.all([a, b].map(stop));
  }
}

function stop(s: BenchServer): Promise<void> {
  if (s.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill();
  });
}
