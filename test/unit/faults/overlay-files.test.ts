import test from 'ava';
import { ErrorCodes, isMockllmError, MockllmError } from '../../../src/errors.js';
import { FaultOverlays } from '../../../src/faults/fault-layer.js';
import { loadOverlayFiles } from '../../../src/faults/overlay-files.js';
import { silentLogger } from '../../../src/util/logger.js';

const files = (contents: Record<string, string>) => (f: string) => {
  if (!(f in contents)) throw new Error(`ENOENT: no such file or directory, open '${f}'`);
  return contents[f]!;
};

test('a valid file loads; rules keep their order', (t) => {
  const loaded = loadOverlayFiles(['a.json'], files({ 'a.json': JSON.stringify({ seed: 3, faults: [{ kind: 'status', status: 429, when: { first: 1 } }, { kind: 'truncate', after: 2 }], scenarios: { MY_KEY: { kind: 'hang' } } }) }));
  t.is(loaded[0]!.content.faults!.length, 2);
  t.is(loaded[0]!.content.faults![1]!.kind, 'truncate');
});

test('invalid files: one error naming every file and JSON pointer', (t) => {
  const read = files({
    'bad.json': JSON.stringify({ faults: [{ kind: 'status', status: 700 }, { kind: 'truncate', after: 2, when: { nth: 0, colour: 'red' } }, { kind: 'warp' }], scenarios: { 'BAD KEY': { kind: 'hang' } } }),
    'broken.json': '{ "faults": [',
  });
  const e = t.throws(() => loadOverlayFiles(['bad.json', 'broken.json', 'missing.json'], read), { instanceOf: MockllmError });
  t.is(e.code, ErrorCodes.INVALID_FAULT);
  t.regex(e.message, /^invalid overlay file bad\.json: 7 problems/);
  t.deepEqual(e.details, [
    'bad.json: /faults/0/status: expected a number <= 599',
    'bad.json: /faults/1/when: unknown field "colour"',
    'bad.json: /faults/1/when/nth: expected a number >= 1',
    'bad.json: /faults/2: unknown fault kind "warp"; known kinds: status, latency, slow_stream, stall, truncate, reset, malformed, stream_error, hang, non_json, empty, ping, rate_limit',
    'bad.json: /scenarios: name "BAD KEY" is not allowed: scenario names may only use letters, digits, _ . and -',
    ...e.details.slice(5),
  ]);
  t.regex(e.details[5]!, /^broken\.json: \/: not valid JSON: /);
  t.regex(e.details[6]!, /^missing\.json: \/: cannot read overlay file: ENOENT/);
});

test('reloadOverlays: re-reads files; an invalid file keeps the previous overlays and throws with file and pointer', (t) => {
  const contents: Record<string, string> = { 'o.json': JSON.stringify({ faults: [{ kind: 'status', status: 429 }] }) };
  const layer = new FaultOverlays({ overlay: ['o.json'], seed: 0 }, silentLogger, { readText: files(contents) });
  t.deepEqual(layer.list().overlays.map((o) => o.source), ['overlay o.json#0']);

  contents['o.json'] = JSON.stringify({ faults: [{ kind: 'status', status: 503 }, { kind: 'latency', ms: 5, when: { every: 2 } }] });
  t.deepEqual(layer.reloadOverlays(), { files: ['o.json'], rules: 2, scenarios: layer.list().scenarios.length });
  t.deepEqual(layer.list().overlays.map((o) => o.source), ['overlay o.json#0', 'overlay o.json#1 (every 2)']);

  contents['o.json'] = JSON.stringify({ faults: [{ kind: 'latency' }] });
  const e = t.throws(() => layer.reloadOverlays());
  t.true(isMockllmError(e));
  t.deepEqual((e as MockllmError).details, ['o.json: /faults/0: missing required field "ms"']);
  t.deepEqual(layer.list().overlays.map((o) => o.fault), [{ kind: 'status', status: 503 }, { kind: 'latency', ms: 5, when: { every: 2 } }], 'the previous overlays still serve');
});

test('file scenarios add API-key names and replace presets', (t) => {
  const layer = new FaultOverlays({ overlay: ['s.json'], seed: 0 }, silentLogger, {
    readText: files({ 's.json': JSON.stringify({ scenarios: { FLAKY: { kind: 'status', status: 503, when: { every: 2 } }, ABRUPT_STREAM: { kind: 'reset', after: 5 } } }) }),
  });
  const byName = new Map(layer.list().scenarios.map((s) => [s.name, s]));
  t.deepEqual(byName.get('FLAKY')?.origin, 's.json');
  t.deepEqual(byName.get('ABRUPT_STREAM')?.fault, { kind: 'reset', after: 5 });
  t.is(byName.get('RATE_LIMIT_COMPLETION')?.origin, 'preset');
});

test('arm: validated like a file rule; times must be a whole number', (t) => {
  const layer = new FaultOverlays({ overlay: [], seed: 0 }, silentLogger);
  t.is(layer.arm({ kind: 'status', status: 500 }, 2), '1');
  t.is(layer.arm({ kind: 'truncate', after: 1 }), '2');
  const e = t.throws(() => layer.arm({ kind: 'status' } as never), { instanceOf: MockllmError });
  t.deepEqual(e.details, ['fault: /: needs "status" or "preset"']);
  t.throws(() => layer.arm({ kind: 'hang' }, 0), { message: /times must be a whole number/ });
  t.deepEqual(layer.list().runtime.map((r) => [r.id, r.remaining]), [['1', 2], ['2', undefined]]);
  t.true(layer.disarm('2'));
  t.false(layer.disarm('2'));
  t.is(layer.clear(), 1);
});
