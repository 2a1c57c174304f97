/**
 * Fixtures for the fault-overlay tests: a small cassette whose requests are exactly what the
 * official clients send (openai v6, ollama npm, @anthropic-ai/sdk, fetch), started in a
 * temp directory; and a raw HTTP client that keeps every byte and how the response ended.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { startReplay, type StartOptions } from '../../src/api/start-server.js';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import type { Cassette, RecordedInteraction, StoredEvent } from '../../src/cassette/types.js';
import { planFromStored } from '../../src/replay/plan.js';

export const PROMPT = 'count to five';
export const WORDS = ['one', ' two', ' three', ' four', ' five'];

export const OPENAI_STREAM_BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream: true };
export const OPENAI_BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] };
export const OLLAMA_STREAM_BODY = { model: 'llama3', messages: [{ role: 'user', content: PROMPT }], stream: true };
export const ANTHROPIC_STREAM_BODY = { model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: PROMPT }], stream: true };

function chunk(delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> {
  return { id: 'chatcmpl-faults', object: 'chat.completion.chunk', created: 1774962895, model: 'gpt-4o-mini', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
}

const at = (events: Array<Omit<StoredEvent, 't'>>): StoredEvent[] => events.map((e, i) => ({ t: (i + 1) * 10, ...e }));

/** OpenAI chat stream: role chunk, five words, finish chunk, [DONE] — 8 frames. */
export const openaiStream: RecordedInteraction = {
  id: 'openai-stream',
  request: { method: 'POST', path: '/v1/chat/completions', body: { json: OPENAI_STREAM_BODY } },
  response: {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    stream: {
      framing: 'sse',
      events: at([{ data: chunk({ role: 'assistant', content: '' }) }, ...WORDS.map((w) => ({ data: chunk({ content: w }) })), { data: chunk({}, 'stop') }, { text: '[DONE]' }]),
    },
  },
};

export const openaiJson: RecordedInteraction = {
  id: 'openai-json',
  request: { method: 'POST', path: '/v1/chat/completions', body: { json: OPENAI_BODY } },
  response: {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: {
      json: {
        id: 'chatcmpl-faults',
        object: 'chat.completion',
        created: 1774962895,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: WORDS.join('') }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 4, completion_tokens: 5, total_tokens: 9 },
      },
      indent: 2,
      newline: true,
    },
  },
};

/** Ollama chat stream: five words then the done:true line — 6 frames. */
export const ollamaStream: RecordedInteraction = {
  id: 'ollama-stream',
  request: { method: 'POST', path: '/api/chat', body: { json: OLLAMA_STREAM_BODY } },
  response: {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson' },
    stream: {
      framing: 'ndjson',
      events: at([
        ...WORDS.map((w) => ({ data: { model: 'llama3', created_at: '2024-05-24T20:26:46Z', message: { role: 'assistant', content: w }, done: false } })),
        { data: { model: 'llama3', created_at: '2024-05-24T20:26:47Z', message: { role: 'assistant', content: '' }, done_reason: 'stop', done: true, eval_count: 5 } },
      ]),
    },
  },
};

const ANTHROPIC_MSG = { id: 'msg_faults', type: 'message', role: 'assistant', model: 'claude-3-5-haiku-20241022', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 4, output_tokens: 1 } };

/** Anthropic stream: message_start, block start, five deltas, block stop, message_delta, message_stop — 10 frames. */
export const anthropicStream: RecordedInteraction = {
  id: 'anthropic-stream',
  request: { method: 'POST', path: '/v1/messages', body: { json: ANTHROPIC_STREAM_BODY } },
  response: {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    stream: {
      framing: 'sse',
      events: at([
        { event: 'message_start', data: { type: 'message_start', message: ANTHROPIC_MSG } },
        { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
        ...WORDS.map((w) => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: w } } })),
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
        { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } } },
        { event: 'message_stop', data: { type: 'message_stop' } },
      ]),
    },
  },
};

export const openaiModels: RecordedInteraction = {
  id: 'openai-models',
  request: { method: 'GET', path: '/v1/models' },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: { json: { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1, owned_by: 'openai' }] } } },
};

export const FAULTS_CASSETTE: Cassette = { version: 1, name: 'faults', interactions: [openaiStream, openaiJson, ollamaStream, anthropicStream, openaiModels] };

/** The exact bytes of each frame of a recorded stream, as replay sends them. */
export function frames(i: RecordedInteraction): Buffer[] {
  return planFromStored(i.response).stream!.frames.map((f) => f.bytes);
}

/** The bytes of the first `n` frames. */
export function firstFrames(i: RecordedInteraction, n: number): Buffer {
  return Buffer.concat(frames(i).slice(0, n));
}

/** A temp cassette directory holding the given cassettes (default: the faults cassette); removed on teardown. */
export function cassetteDir(t: ExecutionContext, cassettes: Record<string, Cassette> = { faults: FAULTS_CASSETTE }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mockllm-faults-'));
  for (const [name, c] of Object.entries(cassettes)) writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(c, null, 2)}\n`);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes a file in a temp directory (removed on teardown); returns its path. */
export function tempFile(t: ExecutionContext, name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mockllm-overlay-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return file;
}

/** A replay server over the faults cassette (or `options.cassettes`), closed on teardown. */
export async function startFaultServer(t: ExecutionContext, options: StartOptions = {}): Promise<MockllmHandle> {
  const handle = await startReplay({ cassettes: options.cassettes ?? cassetteDir(t), ...options });
  t.teardown(() => handle.close());
  return handle;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** How the response ended: cleanly, or with the socket closing mid-body ('aborted'/'error'). */
  ending: 'end' | 'aborted' | 'error';
  error?: string;
}

/**
 * A raw node:http request: every byte kept, and whether the body ended cleanly. Rejects
 * when no response arrives at all (e.g. a reset before headers).
 */
export function send(url: string, opts: { method?: string; path: string; body?: unknown; headers?: Record<string, string> }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const headers = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) };
    const req = request(`${url}${opts.path}`, { method: opts.method ?? (body !== undefined ? 'POST' : 'GET'), headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const out = (ending: RawResponse['ending'], error?: string) => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ending, ...(error ? { error } : {}) });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => out('end'));
      res.on('aborted', () => out('aborted'));
      res.on('error', (e) => out('error', e.message));
      res.on('close', () => out(res.complete ? 'end' : 'aborted'));
    });
    req.on('error', reject);
    req.end(body);
  });
}
