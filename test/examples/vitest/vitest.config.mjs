// vitest configuration for the examples: `npx vitest run --config test/examples/vitest/vitest.config.mjs`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.test.mjs'],
    testTimeout: 30_000,
  },
});
