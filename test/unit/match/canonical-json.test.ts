import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hash } from 'node:crypto';
import test from 'ava';
import { canonicalJson, canonicalJsonSha256 } from '../../../src/match/canonical-json.js';

const require = createRequire(import.meta.url);
const stableStringify = require('fast-json-stable-stringify') as (v: unknown) => string | undefined;

const ODD_VALUES: unknown[] = [
  { b: 1, a: [1, null, undefined, () => 1, 'x', { z: {}, y: [] }], c: undefined },
  JSON.parse('{"__proto__":{"x":1},"constructor":2,"toString":{"toJSON":3}}'),
  [NaN, Infinity, -0, 1e21, 1.5, 'é\u2028\ud800', ''],
  { '': 1, é: 2, 'a"b': 3, 10: 'ten', 9: 'nine' },
  { when: new Date(0) },
  null,
  's',
  0,
  true,
];

test('prints exactly what fast-json-stable-stringify prints (stored keys stay valid)', (t) => {
  const cassettes = readdirSync(new URL('../../../cassettes/', import.meta.url)).map((f) =>
    JSON.parse(readFileSync(new URL(`../../../cassettes/${f}`, import.meta.url), 'utf8')),
  );
  for (const value of [...ODD_VALUES, ...cassettes]) t.is(canonicalJson(value), stableStringify(value));
  for (const value of cassettes) t.is(canonicalJsonSha256(value), hash('sha256', stableStringify(value)!, 'hex'));
});

test('nests as deep as the depth limit allows without recursion, and far deeper', (t) => {
  const deep = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
  t.is(canonicalJson(deep)!.length, 100_000);
});
