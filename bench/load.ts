/**
 * A closed-loop load generator over undici: `concurrency` loops each send a request as
 * soon as the previous answer is fully read, for a fixed time, against loopback only.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface LoadSpec {
  url: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  concurrency: number;
  durationMs: number;
}

export interface LoadStats {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Time to the first body byte, p50 (ms). */
  ttfbP50: number;
  errors: number;
}

export async function runLoad(spec: LoadSpec): Promise<LoadStats> {
  const pool = new Pool(spec.url, { connections: spec.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  const ttfb: number[] = [];
  let errors = 0;
  const start = performance.now();
  const until = start + spec.durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ path: spec.path, method: spec.method ?? 'POST', headers: spec.headers ?? { 'content-type': 'application/json' }, body: spec.body ?? null });
        let first = true;
        for await (const _chunk of res.body) {
          if (first) {
            ttfb.push(performance.now() - t0);
            first = false;
          }
        }
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, loop));
  const elapsed = performance.now() - start;
  await pool.close();
  return { requests: latencies.length, rps: (latencies.length / elapsed) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ttfbP50: percentile(ttfb, 50), errors };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
