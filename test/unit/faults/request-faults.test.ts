import test from 'ava';
import { parseFaultHeader, parseFaultQuery } from '../../../src/faults/request-faults.js';

const faults = (h: string) => {
  const r = parseFaultHeader(h);
  return 'faults' in r ? r.faults : r.problem;
};

test('header: kind=…;param=… with values converted by the schema', (t) => {
  t.deepEqual(faults('kind=status;status=429;retry_after=2'), [{ kind: 'status', status: 429, retry_after: 2 }]);
  t.deepEqual(faults('kind=status; status=500; code=null; message=Oops%3B%20sorry'), [{ kind: 'status', status: 500, code: null, message: 'Oops; sorry' }]);
  t.deepEqual(faults('truncate;after=3'), [{ kind: 'truncate', after: 3 }]);
});

test('header: a preset name, a status, an alias or a kind; rate_limit is the 429 alone and the counter with its parameters', (t) => {
  t.deepEqual(faults('rate_limit'), [{ kind: 'status', preset: 'rate_limit' }]);
  t.deepEqual(faults('rate_limit;retry_after_ms=10'), [{ kind: 'status', preset: 'rate_limit', retry_after_ms: 10 }]);
  t.deepEqual(faults('rate_limit;requests=5;window_ms=1000'), [{ kind: 'rate_limit', requests: 5, window_ms: 1000 }]);
  t.deepEqual(faults('503'), [{ kind: 'status', status: 503 }]);
  t.deepEqual(faults('timeout'), [{ kind: 'hang' }]);
  t.deepEqual(faults('overloaded'), [{ kind: 'status', preset: 'overloaded' }]);
  t.deepEqual(faults('latency;ms=200, truncate;after=1'), [{ kind: 'latency', ms: 200 }, { kind: 'truncate', after: 1 }]);
});

test('header: every problem is named', (t) => {
  t.regex(faults('bogus') as string, /unknown fault "bogus"; use an HTTP status/);
  t.regex(faults('kind=status;status=abc') as string, /\/status: expected integer/);
  t.regex(faults('kind=status') as string, /needs "status" or "preset"/);
  t.regex(faults('kind=nope') as string, /unknown fault kind "nope"; known kinds: status, latency/);
  t.regex(faults('truncate;after=-1') as string, /\/after: expected a number >= 0/);
  t.regex(faults('truncate;colour=red') as string, /unknown field "colour"/);
  t.regex(faults('latency') as string, /missing required field "ms"/);
  t.regex(faults('kind=status;status=429;times=1') as string, /times has no meaning in a header/);
  t.regex(faults('429, non_json') as string, /status and non_json both replace the response/);
  t.regex(faults(' ') as string, /empty x-mockllm-fault header/);
  t.regex(faults('truncate;3') as string, /"3" is not param=value/);
});

test('query: fail=, delay=, fail_chunk= (1-based: chunks before N go out) combine', (t) => {
  const q = (s: string) => parseFaultQuery(new URLSearchParams(s));
  t.is(q('stream=true'), undefined);
  t.deepEqual(q('fail=429'), { faults: [{ kind: 'status', status: 429 }] });
  t.deepEqual(q('fail=timeout'), { faults: [{ kind: 'hang' }] });
  t.deepEqual(q('fail=overloaded'), { faults: [{ kind: 'status', preset: 'overloaded' }] });
  t.deepEqual(q('delay=3000&fail=500'), { faults: [{ kind: 'latency', ms: 3000 }, { kind: 'status', status: 500 }] });
  t.deepEqual(q('fail_chunk=3'), { faults: [{ kind: 'malformed', after: 2 }] });
  t.regex((q('fail=nope') as { problem: string }).problem, /fail=nope: use an HTTP status/);
  t.regex((q('delay=soon') as { problem: string }).problem, /delay=soon: expected milliseconds/);
  t.regex((q('fail_chunk=0') as { problem: string }).problem, /fail_chunk=0: expected the 1-based chunk number/);
  t.regex((q('fail=latency') as { problem: string }).problem, /missing required field "ms"/);
});
