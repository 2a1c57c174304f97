/**
 * Issue 11 §6: error bodies in each provider's exact shape. A preset's OpenAI `type` leaked
 * into other providers' bodies — Gemini's `LARGE_FILE_UPLOAD` answered `"status":
 * "invalid_request_error"` — and so did mockllm's own 400s. Each adapter now words every
 * preset (or falls back to its own type for the status), so every error body speaks its
 * provider's vocabulary: Google's canonical codes, Anthropic's error types, Ollama's bare
 * message.
 */
import test from 'ava';
import Anthropic from '@anthropic-ai/sdk';
import { STATUS_PRESET_NAMES } from '../../src/faults/presets/status-presets.js';
import { replayServer } from '../helpers/replay-fixture.js';

/** google.rpc.Code names, what Gemini's `error.status` holds. */
const GOOGLE_CODES = new Set([
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
]);
/** Anthropic's error types (the SDK's `ErrorType`, plus `request_too_large` from the errors docs; PROTOCOLS §4.5). */
const ANTHROPIC_TYPES = new Set([
  'invalid_request_error', 'authentication_error', 'billing_error', 'permission_error', 'not_found_error', 'rate_limit_error',
  'timeout_error', 'api_error', 'overloaded_error', 'request_too_large',
]);

const GEMINI = { path: '/v1beta/models/gemini-2.5-flash:generateContent', body: { contents: [{ parts: [{ text: 'hi' }] }] }, headers: {} };
const ANTHROPIC = { path: '/v1/messages', body: { model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }, headers: { 'anthropic-version': '2023-06-01' } };
const OLLAMA = { path: '/api/chat', body: { model: 'llama3', messages: [{ role: 'user', content: 'hi' }], stream: false }, headers: {} };

async function send(base: string, to: { path: string; body: unknown; headers: Record<string, string> }, headers: Record<string, string>) {
  const res = await fetch(`${base}${to.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...to.headers, ...headers }, body: JSON.stringify(to.body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test('Gemini LARGE_FILE_UPLOAD: Google\'s INVALID_ARGUMENT for an oversized payload, not OpenAI\'s invalid_request_error', async (t) => {
  const s = await replayServer(t, {});
  const res = await fetch(`${s.url}/upload/v1beta/files`, { method: 'POST', headers: { 'x-goog-api-key': 'LARGE_FILE_UPLOAD', 'content-type': 'application/octet-stream' }, body: 'x'.repeat(64) });
  t.is(res.status, 400);
  t.is(res.headers.get('content-type'), 'application/json; charset=UTF-8');
  t.deepEqual(await res.json(), { error: { code: 400, message: 'Request payload size exceeds the limit: 20971520 bytes.', status: 'INVALID_ARGUMENT' } });
});

test("mockllm's own 400 on Gemini says INVALID_ARGUMENT", async (t) => {
  const s = await replayServer(t, {});
  const r = await send(s.url, GEMINI, { 'x-mockllm-fault': 'no-such-fault' });
  t.is(r.status, 400);
  t.is((r.json.error as { status: string }).status, 'INVALID_ARGUMENT');
});

test('every status preset, on every provider, speaks that provider\'s vocabulary', async (t) => {
  const s = await replayServer(t, {});
  const anthropic = new Anthropic({ apiKey: 'k', baseURL: s.baseURL('anthropic'), maxRetries: 0 });
  for (const preset of STATUS_PRESET_NAMES) {
    const fault = { 'x-mockllm-fault': preset };
    const gemini = await send(s.url, GEMINI, fault);
    const g = gemini.json.error as { code: number; status: string };
    t.true(GOOGLE_CODES.has(g.status), `gemini ${preset}: ${g.status}`);
    t.is(g.code, gemini.status);

    const claude = await send(s.url, ANTHROPIC, fault);
    t.is(claude.json.type, 'error');
    t.true(ANTHROPIC_TYPES.has((claude.json.error as { type: string }).type), `anthropic ${preset}: ${JSON.stringify(claude.json)}`);
    // The official client reads the same type off the body.
    const e = await t.throwsAsync(anthropic.messages.create(ANTHROPIC.body as Anthropic.MessageCreateParamsNonStreaming, { headers: fault }));
    t.is((e as InstanceType<typeof Anthropic.APIError>).status, claude.status, preset);

    const ollama = await send(s.url, OLLAMA, fault);
    t.deepEqual(Object.keys(ollama.json), ['error'], `ollama ${preset}`);
    t.is(typeof ollama.json.error, 'string');
  }
});
