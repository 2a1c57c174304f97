/** Where a broken JSON input is broken: Node 20's JSON.parse does not always say. */
import test from 'ava';
import { ErrorCodes, type MockllmError } from '../../../src/errors.js';
import { parseJsonSource, syntaxErrorOffset } from '../../../src/import/json-source.js';

const CASES: Array<[string, number]> = [
  ['{"a": 1,}', 8],
  ['[1, 2,]', 6],
  ['{"a" 1}', 5],
  ['{"a": tru}', 6],
  ['{"a": "x\ny"}', 8],
  ['{"a": [1, 2}', 11],
  ['{"a": 1} x', 9],
  ['{"a": "\\q"}', 7],
  ['[[[[[[', 6],
];

for (const [text, offset] of CASES) test(`syntax error of ${JSON.stringify(text)} is at ${offset}`, (t) => t.is(syntaxErrorOffset(text), offset));

test('deep nesting does not overflow the scanner', (t) => {
  t.is(syntaxErrorOffset(`${'['.repeat(200_000)}x`), 200_000);
});

test('a truncated file is reported at its last line, as truncated', (t) => {
  const text = '{\n  "log": {\n    "version": "1.2",\n    "entries": [\n';
  const e = t.throws(() => parseJsonSource(text, 'cut.har', 'HAR file')) as MockllmError;
  t.is(e.code, ErrorCodes.INVALID_IMPORT);
  t.regex(e.message, /^cut\.har:5:1: /);
  t.regex(e.message, /truncated/);
});

test('a byte order mark is ignored', (t) => {
  t.deepEqual(parseJsonSource('\uFEFF{"log": {}}', 'bom.har', 'HAR file'), { log: {} });
});
