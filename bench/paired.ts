/**
 * Paired comparison of two servers on a small, noisy machine. Both run at once, each in
 * its own process; after a warm-up, short load slices alternate between them in A-B-B-A
 * order, so each pair of slices shares whatever else the machine was doing at that
 * moment. The figure is the median of the per-pair ratios: a burst of noise spoils one
 * pair, not the result. Half of the pairs run on a second set of processes started in the
 * other order, so neither side keeps whatever the first-started process gets (its place
 * on a core, its memory layout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadSpec, type LoadStats } from './load.js';

const SERVERS = fileURLToPath(new URL('./bench-servers.mjs', import.meta.url));
export const PAIRS = Number(process.env.BENCH_PAIRS ?? 16);
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
 * Starts servers `a` and `b` (bench-servers.mjs arguments), loads them alternately with
 * the same request and returns the median ratio of `measure` (b over a). PAIRS pairs in
 * all, half with `a` started first and half with `b` started first, on fresh processes.
 */
export async function comparePaired(
  aArgs: string[],
  bArgs: string[],
  load: Omit<LoadSpec, 'url' | 'durationMs'>,
  measure: (s: LoadStats) => number,
): Promise<PairedResult> {
  const pairs: Array<{ ratio: number; a: LoadStats; b: LoadStats }> = [];
  for (const aFirst of [true, false]) {
    const first = await spawnServer(aFirst ? aArgs : bArgs);
    const second = await spawnServer(aFirst ? bArgs : aArgs).catch(async (e: unknown) => {
      await stop(first);
      throw e;
    });
    const [a, b] = aFirst ? [first, second] : [second, first];
    try {
      for (const s of [first, second]) await runLoad({ ...load, url: s.url, durationMs: WARMUP_MS });
      for (let i = 0; i < Math.ceil(PAIRS / 2); i++) {
        const order = i % 2 === 0 ? [a, b] : [b, a];
        const got = new Map<BenchServer, LoadStats>();
        for (const s of order) got.set(s, await runLoad({ ...load, url: s.url, durationMs: SLICE_MS }));
        const sa = got.get(a)!;
        const sb = got.get(b)!;
        pairs.push({ ratio: measure(sb) / measure(sa), a: sa, b: sb });
      }
    } finally {
      await Promise.all([a, b].map(stop));
    }
  }
  pairs.sort((x, y) => x.ratio - y.ratio);
  const median = pairs[Math.floor(pairs.length / 2)]!;
  return { ...median, pairs: pairs.length };
}

function stop(s: BenchServer): Promise<void> {
  if (s.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill();
  });
}
