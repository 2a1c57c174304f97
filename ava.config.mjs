// Everything but the timing-sensitive tests, which run alone (ava.timing.config.mjs) so
// that the rest of the suite does not steal their CPU on a small, noisy machine.
export default {
  files: ['test/**/*.test.ts', '!test/timing/**'],
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  timeout: '90s',
  workerThreads: false,
  concurrency: 2,
};
