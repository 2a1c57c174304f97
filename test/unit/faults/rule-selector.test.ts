import test from 'ava';
import { CompiledRule } from '../../../src/faults/compiled-rule.js';
import { RuleSelector } from '../../../src/faults/rule-selector.js';
import { seededUniform } from '../../../src/faults/seeded-decision.js';
import { target } from './fault-target.js';

const pass = (sel: RuleSelector, n: number, key = (i: number) => `k${i}`) => {
  const hits: number[] = [];
  for (let i = 1; i <= n; i++) {
    const t = target({ key: key(i) });
    if (sel.filter(t) && sel.gate(t)) hits.push(i);
  }
  return hits;
};

test('filters: path glob, method, provider, model glob, stream', (t) => {
  const sel = new RuleSelector({ path: '/v1/*/completions', method: 'post', provider: ['openai', 'ollama'], model: 'gpt-4o*', stream: true }, 's', 0);
  t.true(sel.filter(target({ stream: 'sse' })));
  t.false(sel.filter(target({ stream: undefined })), 'stream: true');
  t.false(sel.filter(target({ stream: 'sse', path: '/v1/embeddings' })), 'path');
  t.false(sel.filter(target({ stream: 'sse', method: 'GET' })), 'method');
  t.false(sel.filter(target({ stream: 'sse', json: { model: 'o3' } })), 'model');
  t.false(sel.filter(target({ stream: 'sse', provider: 'anthropic', path: '/v1/chat/completions' })), 'provider');
  t.true(new RuleSelector({ path: '**/messages' }, 's', 0).filter(target({ path: '/v1/messages' })));
  t.true(new RuleSelector({ model: 'gemini-*' }, 's', 0).filter(target({ provider: 'gemini', path: '/v1beta/models/gemini-2.0-flash:generateContent', json: {} })));
});

test('filters: cassette (scope or the hit interaction’s cassette) and interaction id', (t) => {
  const sel = new RuleSelector({ cassette: 'chat' }, 's', 0);
  t.true(sel.filter(target({ scope: 'chat' })));
  t.false(sel.filter(target({ scope: 'other' })));
  t.false(sel.filter(target()));
  t.false(new RuleSelector({ interaction: 'x' }, 's', 0).filter(target()), 'no interaction on a miss');
});

test('gates: nth, first, every (and combined)', (t) => {
  t.deepEqual(pass(new RuleSelector({ nth: 3 }, 's', 0), 8), [3]);
  t.deepEqual(pass(new RuleSelector({ first: 2 }, 's', 0), 8), [1, 2]);
  t.deepEqual(pass(new RuleSelector({ every: 3 }, 's', 0), 10), [3, 6, 9]);
  t.deepEqual(pass(new RuleSelector({ every: 2, first: 5 }, 's', 0), 10), [2, 4]);
});

test('gates: per_key counts each distinct request on its own', (t) => {
  // Requests A B A B A B: `first: 1` per key fires on the first A and the first B only.
  const keys = ['A', 'B', 'A', 'B', 'A', 'B'];
  t.deepEqual(pass(new RuleSelector({ first: 1, per_key: true }, 's', 0), 6, (i) => keys[i - 1]!), [1, 2]);
  t.deepEqual(pass(new RuleSelector({ nth: 2, per_key: true }, 's', 0), 6, (i) => keys[i - 1]!), [3, 4]);
});

test('probability: decided by seed + rule + request key + per-key ordinal, whatever the arrival order', (t) => {
  const keys = Array.from({ length: 200 }, (_, i) => `request-${i}`);
  const run = (seed: number, order: string[]) => {
    const sel = new RuleSelector({ probability: 0.3 }, 'rule', seed);
    return order.filter((k) => sel.gate(target({ key: k }))).sort();
  };
  const a = run(7, keys);
  const shuffled = [...keys].sort((x, y) => seededUniform(1, '', x, 0) - seededUniform(1, '', y, 0));
  t.deepEqual(run(7, shuffled), a, 'same seed, other order → same requests');
  t.notDeepEqual(run(8, keys), a, 'other seed → other requests');
  t.true(a.length > 40 && a.length < 80, `about 30% of 200 (got ${a.length})`);
  t.is(new RuleSelector({ probability: 0 }, 'r', 1).gate(target()), false);
  t.is(new RuleSelector({ probability: 1 }, 'r', 1).gate(target()), true);
  // `when.seed` wins over the default seed.
  const pinned = (dflt: number) => keys.filter((k) => new RuleSelector({ probability: 0.3, seed: 5 }, 'rule', dflt).gate(target({ key: k })));
  t.deepEqual(pinned(1), pinned(2));
});

test('describe: a stable reason for logs and status', (t) => {
  t.is(new RuleSelector({ path: '/v1/*', first: 1 }, 's', 0).describe(), 'path /v1/*, first 1');
  t.is(new RuleSelector({ probability: 0.2 }, 's', 7).describe(), 'p=0.2 seed 7');
  t.is(new RuleSelector(undefined, 's', 0).describe(), '');
});

test('CompiledRule: times, source, and faults that do not apply are not counted', (t) => {
  const rule = new CompiledRule({ kind: 'truncate', after: 1, when: { first: 1 } }, 'overlay f.json#0', { seed: 0, times: 5 });
  t.is(rule.source, 'overlay f.json#0 (first 1)');
  t.is(rule.select(target({ stream: undefined })), undefined, 'not a stream: not seen');
  const applied = rule.select(target({ stream: 'sse' }));
  t.is(applied?.label, 'truncate;after=1');
  t.is(applied?.source, 'overlay f.json#0 (first 1)');
  t.truthy(applied?.operator);
  t.is(rule.select(target({ stream: 'sse' })), undefined, 'first 1 → then normal');
  const once = new CompiledRule({ kind: 'status', status: 500 }, 'runtime#1', { seed: 0, times: 1 });
  t.truthy(once.select(target()));
  t.true(once.exhausted);
  t.is(once.select(target()), undefined);
});
