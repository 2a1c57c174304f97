// Tests that assert arrival times (±15 ms): one file at a time, tests in series.
import base from './ava.config.mjs';

export default { ...base, files: ['test/timing/**/*.test.ts'], concurrency: 1, serial: true };
