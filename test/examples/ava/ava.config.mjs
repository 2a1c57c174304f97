// ava configuration for the examples (run from the repository root:
// `npx ava --config test/examples/ava/ava.config.mjs`). A project of your own needs none
// of this beyond its usual ava setup.
export default {
  files: ['test/examples/ava/**/*.test.mjs'],
  workerThreads: false,
  timeout: '60s',
};
