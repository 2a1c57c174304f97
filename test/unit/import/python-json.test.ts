/** pydantic-ai's `parsed_body` becomes the bytes Python's `json.dumps` gave its replays. */
import test from 'ava';
import * as yaml from 'yaml';
import { pythonFloat, pythonJsonDumps, pythonString } from '../../../src/import/python-json.js';
import { parseYamlSource } from '../../../src/import/yaml-source.js';

// Each expected value is what CPython 3.11 prints for repr(x) / json.dumps(x).
const FLOATS: Array<[number, string]> = [
  [1.0, '1.0'],
  [0.1, '0.1'],
  [1e-5, '1e-05'],
  [0.0001, '0.0001'],
  [1e16, '1e+16'],
  [1234567890123456.0, '1234567890123456.0'],
  [12345678901234567.0, '1.2345678901234568e+16'],
  [-2.5, '-2.5'],
  [1.5e300, '1.5e+300'],
  [5e-324, '5e-324'],
  [0.30000000000000004, '0.30000000000000004'],
  [100.0, '100.0'],
  [1e22, '1e+22'],
  [-0.0, '-0.0'],
  [3.14159, '3.14159'],
];

for (const [x, expected] of FLOATS) test(`float ${expected} prints as Python's repr`, (t) => t.is(pythonFloat(x), expected));

test('strings are escaped as json.dumps does with ensure_ascii', (t) => {
  t.is(pythonString('é\u2028\x7f\t"\\ 😀'), '"\\u00e9\\u2028\\u007f\\t\\"\\\\ \\ud83d\\ude00"');
});

function dumps(text: string, path: string[]): string {
  const source = parseYamlSource(text, 'x.yaml', yaml, 'test document');
  return pythonJsonDumps(yaml, source.doc, source.nodeAt(path));
}

test('a parsed_body mapping prints as json.dumps prints what PyYAML loads', (t) => {
  const text = [
    'parsed_body:',
    '  a: "é"',
    '  n: null',
    '  b: [true, false]',
    '  1: 2',
    '  big: 12345678901234567890123',
    '  f: 1.0',
    '  e: 1.0e-05',
    '  s: 1e5',
    '  y: yes',
    '  list:',
    '  - {}',
    '  - []',
    '',
  ].join('\n');
  // What CPython's json.dumps(yaml.safe_load(text)['parsed_body']) prints.
  t.is(dumps(text, ['parsed_body']), '{"a": "\\u00e9", "n": null, "b": [true, false], "1": 2, "big": 12345678901234567890123, "f": 1.0, "e": 1e-05, "s": "1e5", "y": true, "list": [{}, []]}');
});

test('a key named n stays the string "n" (YAML 1.1 as PyYAML reads it, not as a boolean)', (t) => {
  t.is(dumps('parsed_body:\n  n: 1\n  model: gpt-4o\n', ['parsed_body']), '{"n": 1, "model": "gpt-4o"}');
});
