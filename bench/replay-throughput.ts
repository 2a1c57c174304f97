/**
 * Replay against a raw node:http server writing the same bytes, measured in the same run:
 * non-stream chat completion, 200-event SSE stream, and per-request cost with 10 vs 10,000
 * interactions loaded; plus load + index time of 10,000 interactions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { serializeCassette } from '../src/cassette/serializer.js';
import type { Cassette, RecordedInteraction } from '../src/cassette/types.js';
import { encodeEvent } from '../src/framing/event-codec.js';
import { CassetteLibrary } from '../src/store/cassette-library.js';
import type { BenchResult } from './bench-result.js';
import { runLoad, type LoadStats } from './load.js';

const SERVERS = fileURLToPath(new URL('./bench-servers.ts', import.meta.url));
const CONCURRENCY = 16;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function chatRequest(i: number) {
  return { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question number ${i}` }] };
}

const completion = {
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1774962775,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'A reasonably sized answer. '.repeat(20), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 15, completion_tokens: 31, total_tokens: 46 },
};

function jsonInteraction(i: number): RecordedInteraction {
  return {
    request: { method: 'POST', path: '/v1/chat/completions', body: { json: chatRequest(i) } },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: { json: completion, indent: 2, newline: true } },
  };
}

function streamInteraction(): RecordedInteraction {
  const events = Array.from({ length: 199 }, (_, i) => ({
    t: i,
    data: { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1774962775, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: `token${i} ` }, finish_reason: null }] },
  }));
  return {
    request: { method: 'POST', path: '/v1/chat/completions', body: { json: { ...chatRequest(-1), stream: true } } },
    response: { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, stream: { framing: 'sse', events: [...events, { t: 200, text: '[DONE]' }] } },
  };
}

function cassetteDir(interactions: RecordedInteraction[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'mockllm-bench-'));
  const cassette: Cassette = { version: 1, interactions };
  writeFileSync(join(dir, 'bench.json'), serializeCassette(cassette));
  return dir;
}

async function spawnServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVERS, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function measure(args: string[], body: unknown): Promise<LoadStats> {
  const { url, child } = await spawnServer(args);
  try {
    const spec = { url, path: '/v1/chat/completions', body: JSON.stringify(body), concurrency: CONCURRENCY };
    await runLoad({ ...spec, durationMs: 500 }); // warm-up: JIT, connections
    return await runLoad({ ...spec, durationMs: DURATION_MS });
  } finally {
    child.kill();
  }
}

const fmt = (s: LoadStats) => `${s.rps.toFixed(0)} req/s, p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms${s.errors ? `, ${s.errors} errors` : ''}`;

/**
 * The machine is small and noisy: each comparison runs in alternating rounds (baseline,
 * mockllm, baseline, mockllm…) and reports the median of the per-round ratios.
 */
async function compare(baselineArgs: string[], mockArgs: string[], body: unknown): Promise<{ ratio: number; base: LoadStats; mock: LoadStats }> {
  const rounds: Array<{ ratio: number; base: LoadStats; mock: LoadStats }> = [];
  for (let i = 0; i < ROUNDS; i++) {
    const base = await measure(baselineArgs, body);
    const mock = await measure(mockArgs, body);
    rounds.push({ ratio: mock.rps / base.rps, base, mock });
  }
  rounds.sort((a, b) => a.ratio - b.ratio);
  return rounds[Math.floor(rounds.length / 2)]!;
}

export async function benchReplay(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const tmp: string[] = [];
  try {
    // Non-stream
    const small = cassetteDir(Array.from({ length: 10 }, (_, i) => jsonInteraction(i)).concat(streamInteraction()));
    tmp.push(small);
    const rawJsonSpec = join(small, 'raw-json.spec');
    writeFileSync(rawJsonSpec, JSON.stringify({ headers: { 'content-type': 'application/json' }, body: `${JSON.stringify(completion, null, 2)}\n` }));
    const json = await compare(['raw-json', rawJsonSpec], ['mockllm', small], chatRequest(3));
    results.push({ name: 'replay non-stream throughput', value: json.ratio, unit: '× raw', target: '≥ 0.75× raw', pass: json.ratio >= 0.75, detail: `median of ${ROUNDS} rounds; mockllm ${fmt(json.mock)} | raw ${fmt(json.base)}` });

    // 200-event stream
    const stream = streamInteraction();
    const rawStreamSpec = join(small, 'raw-stream.spec');
    writeFileSync(rawStreamSpec, JSON.stringify({ headers: { 'content-type': 'text/event-stream; charset=utf-8' }, events: stream.response.stream!.events.map((e) => encodeEvent('sse', e).toString('utf8')) }));
    const sse = await compare(['raw-stream', rawStreamSpec], ['mockllm', small], { ...chatRequest(-1), stream: true });
    results.push({ name: 'replay 200-event SSE throughput', value: sse.ratio, unit: '× raw', target: '≥ 0.85× raw', pass: sse.ratio >= 0.85, detail: `median of ${ROUNDS} rounds; mockllm ${fmt(sse.mock)} | raw ${fmt(sse.base)}` });

    // Cassette size independence
    const big = cassetteDir(Array.from({ length: 10_000 }, (_, i) => jsonInteraction(i)));
    tmp.push(big);
    const t0 = performance.now();
    const lib = new CassetteLibrary(big, { ignore: [], headers: [] });
    lib.load();
    const loadMs = performance.now() - t0;
    results.push({ name: 'load + index 10,000 interactions', value: loadMs, unit: 'ms', target: '< 2000 ms', pass: loadMs < 2000 });
    const size = await compare(['mockllm', small], ['mockllm', big], chatRequest(7));
    const p50Ratio = size.mock.p50 / size.base.p50;
    results.push({ name: 'p50 with 10,000 vs 10 interactions', value: p50Ratio, unit: '×', target: '≤ 1.10×', pass: p50Ratio <= 1.1, detail: `10,000: ${fmt(size.mock)} | 10: ${fmt(size.base)}` });
  } finally {
    for (const d of tmp) rmSync(d, { recursive: true, force: true });
  }
  return results;
}
