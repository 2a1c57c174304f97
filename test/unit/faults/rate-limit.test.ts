import test from 'ava';
import { kindOf } from '../../../src/faults/fault-kinds.js';
import type { FaultMemory } from '../../../src/faults/fault-kind.js';
import type { RateLimitFault } from '../../../src/faults/fault-spec.js';
import { rfc3339 } from '../../../src/providers/anthropic/errors.js';
import { goDuration } from '../../../src/providers/openai/errors.js';
import { RateWindow } from '../../../src/faults/rate-window.js';
import { FakeClock, target, type TargetInput } from './fault-target.js';

test('RateWindow: N requests per window, refusals do not count, the window resets on time', (t) => {
  const clock = new FakeClock();
  const w = new RateWindow({ requests: 5, windowMs: 1000 }, clock);
  for (let i = 0; i < 5; i++) t.true(w.take().allowed, `request ${i + 1}`);
  clock.advance(100);
  const refused = w.take();
  t.false(refused.allowed);
  t.is(refused.resetInMs, 900);
  t.is(refused.requestsUsed, 5);
  clock.advance(899);
  t.false(w.take().allowed);
  clock.advance(1);
  t.true(w.take().allowed, 'a new window at exactly window_ms');
  t.is(w.take().requestsUsed, 2);
});

test('RateWindow: a token budget (one oversized request still passes in an empty window)', (t) => {
  const clock = new FakeClock();
  const w = new RateWindow({ tokens: 100, windowMs: 60_000 }, clock);
  t.true(w.take(60).allowed);
  t.false(w.take(50).allowed);
  t.true(w.take(40).allowed);
  t.false(w.take(1).allowed);
  clock.advance(60_000);
  t.true(w.take(500).allowed);
});

function limiter(spec: RateLimitFault, input: TargetInput) {
  const memory: FaultMemory = {};
  return () => kindOf(spec).apply(spec, target(input), memory)?.response;
}

test('rate_limit: 5 per second → requests 6..n get 429 with decreasing retry-after; after the window, success again', (t) => {
  const clock = new FakeClock();
  const next = limiter({ kind: 'rate_limit', requests: 5, window_ms: 1000 }, { clock });
  for (let i = 0; i < 5; i++) t.is(next(), undefined, `request ${i + 1} passes`);
  const retryMs: number[] = [];
  for (let i = 0; i < 4; i++) {
    clock.advance(200);
    const r = next();
    t.is(r?.status, 429);
    t.is(r?.headers['x-ratelimit-limit-requests'], '5');
    t.is(r?.headers['x-ratelimit-remaining-requests'], '0');
    t.is(r?.headers['retry-after'], '1');
    t.is(r?.headers['x-ratelimit-reset-requests'], goDuration(1000 - 200 * (i + 1)));
    retryMs.push(Number(r?.headers['retry-after-ms']));
  }
  t.deepEqual(retryMs, [800, 600, 400, 200]);
  clock.advance(200);
  t.is(next(), undefined, 'the window reset');
});

test('rate_limit: retry-after counts down in whole seconds over a longer window', (t) => {
  const clock = new FakeClock();
  const next = limiter({ kind: 'rate_limit', requests: 1, window_ms: 10_000 }, { clock });
  t.is(next(), undefined);
  const seconds: string[] = [];
  for (let i = 0; i < 4; i++) {
    clock.advance(2000);
    seconds.push(String(next()?.headers['retry-after']));
  }
  t.deepEqual(seconds, ['8', '6', '4', '2']);
});

test('rate_limit: Anthropic gets anthropic-ratelimit-* with an RFC 3339 reset; tokens are counted from the prompt', (t) => {
  const clock = new FakeClock();
  const json = { model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'x'.repeat(400) }] };
  const next = limiter({ kind: 'rate_limit', tokens: 150, window_ms: 60_000 }, { clock, provider: 'anthropic', path: '/v1/messages', json });
  t.is(next(), undefined, '100 tokens fit');
  clock.advance(15_000);
  const r = next()!;
  t.is(r.status, 429);
  t.is(r.headers['anthropic-ratelimit-tokens-limit'], '150');
  t.is(r.headers['anthropic-ratelimit-tokens-remaining'], '50');
  t.is(r.headers['anthropic-ratelimit-tokens-reset'], rfc3339(clock.now() + 45_000));
  t.is(r.headers['retry-after'], '45');
  t.is(JSON.parse(r.body!.toString()).error.type, 'rate_limit_error');
});

test('goDuration prints like OpenAI headers', (t) => {
  t.deepEqual([0, 6, 999, 1000, 1500, 60_000, 360_000, 3_723_000].map(goDuration), ['0s', '6ms', '999ms', '1s', '1.5s', '1m0s', '6m0s', '1h2m3s']);
  t.is(rfc3339(Date.UTC(2026, 0, 1, 0, 0, 1, 200)), '2026-01-01T00:00:02Z');
});
