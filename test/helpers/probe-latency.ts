/**
 * "While X is in flight, does another client still get answers?" — the worst latency of a
 * health probe sent every `everyMs` from another connection, for as long as `work` runs
 * (and at least once after it started). An upper bound on another client's wait, which
 * load can only make look worse, never better; pair it with `someSampleMeets`.
 */
import { Agent, request } from 'undici';

export interface ProbeResult {
  /** Slowest probe, ms. */
  worstMs: number;
  probes: number;
  /** How long `work` took, ms. */
  workMs: number;
}

export async function probeWhile(baseUrl: string, work: () => Promise<unknown>, everyMs = 25): Promise<ProbeResult> {
  // Its own connection pool: probes never queue behind the work's connection.
  const agent = new Agent({ connections: 4 });
  let worstMs = 0;
  let probes = 0;
  let done = false;
  const probeOnce = async () => {
    const started = performance.now();
    const res = await request(`${baseUrl}/_mockllm/health`, { dispatcher: agent });
    await res.body.arrayBuffer();
    worstMs = Math.max(worstMs, performance.now() - started);
    probes++;
  };
  const started = performance.now();
  let workMs = 0;
  const working = work().finally(() => {
    done = true;
    workMs = performance.now() - started;
  });
  const sent: Promise<void>[] = [];
  do {
    const next = new Promise((r) => setTimeout(r, everyMs));
    // Probes overlap when one is slow: a stalled server is measured by the oldest one.
    sent.push(probeOnce());
    await next;
  } while (!done);
  await working;
  await Promise.all(sent);
  await agent.close();
  return { worstMs, probes, workMs };
}
