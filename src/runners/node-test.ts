/**
 * `mockllm/node-test`: a mockllm per `node --test` file.
 *
 * ```ts
 * import { test } from 'node:test';
 * import { useMockllm } from 'mockllm/node-test';
 * const mockllm = useMockllm({ cassettes: './cassettes', file: import.meta.url });
 * test('says hello', async () => { const openai = new OpenAI(); … });
 * ```
 */
import { after, afterEach, before, beforeEach } from 'node:test';
import { SuiteController, type MockllmSuite, type MockllmTestOptions } from './suite.js';

export type { MockllmSuite, MockllmTestOptions } from './suite.js';

/**
 * Registers file-level hooks: `before` starts a replay server (or recording proxy, or
 * interception) and points the SDK environment variables at it; `afterEach` fails the
 * test when its requests missed; `after` stops it, restores the environment and, with
 * `failOnUnused`, fails on unused interactions. Call it at the top level of the file.
 *
 * The cassette is named after `options.file` (pass `import.meta.url`), else the script
 * node runs (`node --test` runs each file as its own process).
 */
export function useMockllm(options: MockllmTestOptions = {}): MockllmSuite {
  const suite = new SuiteController(options);
  before(async () => {
    await suite.start(options.file ?? process.argv[1]);
  });
  beforeEach((t) => {
    suite.beginTest(t.name);
  });
  afterEach((t) => {
    suite.endTest(t.name);
  });
  after(async () => {
    await suite.stop();
  });
  return suite;
}
