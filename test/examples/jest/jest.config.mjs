// jest configuration for the examples:
// `NODE_OPTIONS=--experimental-vm-modules npx jest --config test/examples/jest/jest.config.mjs`.
export default {
  rootDir: new URL('.', import.meta.url).pathname,
  testMatch: ['**/*.test.mjs'],
  // Plain ES modules: nothing to transform.
  transform: {},
  testTimeout: 30_000,
};
