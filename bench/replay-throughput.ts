/**
 * Replay against a raw node:http server writing the same bytes, measured in the same run:
 * non-stream chat completion, 200-event SSE stream, and per-request cost with 10 vs 10,000
 * interactions loaded; plus load + index time of 10,000 interactions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serializeCassette } from '../src/cassette/serializer.js';
import type { Cassette, RecordedInteraction } from '../src/cassette/types.js';
import { encodeEvent } from '../src/framing/event-codec.js';
import { CassetteLibrary } from '../src/store/cassette-library.js';
import type { BenchResult } from './bench-result.js';
import type { LoadStats } from './load.js';
import { comparePaired, SLICE_MS, type PairedResult } from './paired.js';

const CONCURRENCY = 16;

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

const fmt = (s: LoadStats) => `${s.rps.toFixed(0)} req/s, p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms${s.errors ? `, ${s.errors} errors` : ''}`;

/** Throughput of mockllm (b) over the baseline (a), in paired slices. */
async function compare(baselineArgs: string[], mockArgs: string[], body: unknown, measure: (s: LoadStats) => number = (s) => s.rps): Promise<PairedResult> {
  return comparePaired(baselineArgs, mockArgs, { path: '/v1/chat/completions', body: JSON.stringify(body), concurrency: CONCURRENCY }, measure);
}

const pairsNote = (r: PairedResult) => `median of ${r.pairs} paired ${SLICE_MS} ms slices`;

export async function benchReplay(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const tmp: string[] = [];
  try {
    // Non-stream
    const small = cassetteDir(Array.from({ length: 10 }, (_, i) => jsonInteraction(i)).concat(streamInteraction()));
    tmp.push(small);
    const rawJsonSpec = join(small, 'raw-json.spec');
    writeFileSync(rawJsonSpec, JSON.stringify({ headers: { 'content-type': 'application/json' }, body: `${JSON.stringify(completion, null, 2)}\n` }));
    const json = await compare(['raw', rawJsonSpec], ['mockllm', small], chatRequest(3));
    results.push({ name: 'replay non-stream throughput', value: json.ratio, unit: '× raw', target: '≥ 0.75× raw', pass: json.ratio >= 0.75, detail: `${pairsNote(json)}; median pair: mockllm ${fmt(json.b)} | raw ${fmt(json.a)}` });

    // 200-event stream
    const stream = streamInteraction();
    const rawStreamSpec = join(small, 'raw-stream.spec');
    writeFileSync(rawStreamSpec, JSON.stringify({ headers: { 'content-type': 'text/event-stream; charset=utf-8' }, events: stream.response.stream!.events.map((e) => encodeEvent('sse', e).toString('utf8')) }));
    const sse = await compare(['raw', rawStreamSpec], ['mockllm', small], { ...chatRequest(-1), stream: true });
    results.push({ name: 'replay 200-event SSE throughput', value: sse.ratio, unit: '× raw', target: '≥ 0.85× raw', pass: sse.ratio >= 0.85, detail: `${pairsNote(sse)}; median pair: mockllm ${fmt(sse.b)} | raw ${fmt(sse.a)}` });

    // The noise floor of this run: two identical servers compared the same way. A ratio
    // this far from 1.00 is what the machine alone does to the figures above.
    const same = await compare(['mockllm', small], ['mockllm', small], chatRequest(3));
    results.push({ name: 'noise floor: mockllm vs an identical mockllm (A/A)', value: same.ratio, unit: '×', target: 'information: ≈ 1.00', pass: true, detail: `${pairsNote(same)}; median pair: ${fmt(same.b)} | ${fmt(same.a)}` });

    // Cassette size independence
    const big = cassetteDir(Array.from({ length: 10_000 }, (_, i) => jsonInteraction(i)));
    tmp.push(big);
    const t0 = performance.now();
    const lib = new CassetteLibrary(big, { ignore: [], headers: [] });
    lib.load();
    const loadMs = performance.now() - t0;
    results.push({ name: 'load + index 10,000 interactions', value: loadMs, unit: 'ms', target: '< 2000 ms', pass: loadMs < 2000 });
    const size = await compare(['mockllm', small], ['mockllm', big], chatRequest(7), (s) => s.p50);
    results.push({ name: 'p50 with 10,000 vs 10 interactions', value: size.ratio, unit: '×', target: '≤ 1.10×', pass: size.ratio <= 1.1, detail: `${pairsNote(size)}; median pair: 10,000: ${fmt(size.b)} | 10: ${fmt(size.a)}` });
  } finally {
    for (const d of tmp) rmSync(d, { recursive: true, force: true });
  }
  return results;
}
