import test from 'ava';
import { timingFactor, type ResponseOrigin } from '../../../src/replay/timing-factor.js';
import { validateOptions } from '../../../src/config/options.js';

const ORIGINS: ResponseOrigin[] = ['recorded', 'handwritten', 'mockllm'];

test('the factor per --timing and response origin, as a table', (t) => {
  const table = (timing: Parameters<typeof timingFactor>[0]) => ORIGINS.map((o) => timingFactor(timing, o));
  //                                     recorded  handwritten  mockllm
  t.deepEqual(table('auto'),            [0,        1,           0]);
  t.deepEqual(table('fast'),            [0,        0,           0]);
  t.deepEqual(table('recorded'),        [1,        1,           1]);
  t.deepEqual(table(2.5),               [2.5,      2.5,         2.5]);
  t.deepEqual(table(0),                 [0,        0,           0]);
});

test('auto is the default; fast, recorded and factors are still accepted; anything else is refused', (t) => {
  t.is(validateOptions('replay', {}).timing, 'auto');
  for (const timing of ['auto', 'fast', 'recorded', 0.5] as const) t.is(validateOptions('replay', { timing }).timing, timing);
  t.throws(() => validateOptions('replay', { timing: 'slow' }), { code: 'MOCKLLM_E_INVALID_OPTIONS' });
});
