/**
 * The Disaster-Party API-key scenarios against the official Anthropic SDK: in-band
 * overloaded_error, ping events, rate limits and auth failures, and a 529 the SDK retries.
 */
import test from 'ava';
import Anthropic, { APIError, AuthenticationError, RateLimitError } from '@anthropic-ai/sdk';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import { ANTHROPIC_STREAM_BODY, WORDS, startFaultServer } from '../helpers/fault-fixtures.js';

function client(h: MockllmHandle, apiKey: string, maxRetries = 0): Anthropic {
  return new Anthropic({ baseURL: h.baseURL('anthropic'), apiKey, maxRetries, logLevel: 'off' });
}

async function stream(c: Anthropic): Promise<{ events: string[]; text: string; error?: unknown }> {
  const events: string[] = [];
  let text = '';
  try {
    const s = await c.messages.create({ ...ANTHROPIC_STREAM_BODY, stream: true } as Anthropic.MessageCreateParamsStreaming);
    for await (const e of s) {
      events.push(e.type);
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
    }
    return { events, text };
  } catch (error) {
    return { events, text, error };
  }
}

test('STREAM_ERROR_ANTHROPIC: two events, then the SDK throws APIError for the in-band overloaded_error', async (t) => {
  const h = await startFaultServer(t);
  const r = await stream(client(h, 'STREAM_ERROR_ANTHROPIC'));
  t.deepEqual(r.events, ['message_start', 'content_block_start']);
  t.true(r.error instanceof APIError);
  t.like((r.error as APIError).error, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
});

test('STREAM_PING_ANTHROPIC: ping events before every event; the SDK skips them and the text is whole', async (t) => {
  const h = await startFaultServer(t);
  const r = await stream(client(h, 'STREAM_PING_ANTHROPIC'));
  t.is(r.error, undefined);
  t.is(r.text, WORDS.join(''));
  t.is(r.events.at(-1), 'message_stop');
});

test('ABRUPT_STREAM: two events, then the connection drops', async (t) => {
  const h = await startFaultServer(t);
  const r = await stream(client(h, 'ABRUPT_STREAM'));
  t.deepEqual(r.events, ['message_start', 'content_block_start']);
  t.is((r.error as Error).message, 'terminated');
});

test('RATE_LIMIT_COMPLETION and AUTH_FAILURE_ANTHROPIC: RateLimitError with anthropic-ratelimit-* headers; AuthenticationError', async (t) => {
  const h = await startFaultServer(t);
  const limited = await stream(client(h, 'RATE_LIMIT_COMPLETION'));
  t.true(limited.error instanceof RateLimitError);
  const e = limited.error as RateLimitError;
  t.is(e.headers?.get('anthropic-ratelimit-requests-remaining'), '0');
  t.regex(e.headers?.get('anthropic-ratelimit-requests-reset') ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.is(e.headers?.get('retry-after'), '1');
  t.like(e.error, { type: 'error', error: { type: 'rate_limit_error' } });
  const auth = await stream(client(h, 'AUTH_FAILURE_ANTHROPIC'));
  t.true(auth.error instanceof AuthenticationError);
  t.like((auth.error as AuthenticationError).error, { error: { type: 'authentication_error', message: 'invalid x-api-key' } });
});

test('first request overloaded (529): the SDK retries and streams the reply', async (t) => {
  const h = await startFaultServer(t);
  h.faults.arm({ kind: 'status', preset: 'overloaded', retry_after_ms: 5, when: { first: 1 } });
  const r = await stream(client(h, 'sk-ant-test', 2));
  t.is(r.error, undefined);
  t.is(r.text, WORDS.join(''));
  t.is(h.stats().requests, 2);
  t.deepEqual(h.stats().faults, { 'runtime#1 (first 1)': 1 });
});
