/**
 * `mockllm/ava`: a mockllm per ava test file.
 *
 * ```ts
 * import test from 'ava';
 * import { useMockllm } from 'mockllm/ava';
 * const mockllm = useMockllm(test, { cassettes: './cassettes' });
 * test('says hello', async (t) => { const openai = new OpenAI(); … });
 * ```
 *
 * Only ava's types are imported here (erased at build): the helper hooks into the `test`
 * function it is given, so loading this module never loads ava.
 */
import type { ExecutionContext, TestFn } from 'ava';
import { SuiteController, type MockllmSuite, type MockllmTestOptions } from './suite.js';

export type { MockllmSuite, MockllmTestOptions } from './suite.js';

const HOOK_PREFIX = /^(?:before|after)Each(?:\.always)? hook for /;

/**
 * Registers hooks on `test`: `before` starts a replay server (or recording proxy, or
 * interception) for this file and points the SDK environment variables at it;
 * `afterEach.always` fails the test when its requests missed; `after.always` stops it,
 * restores the environment and, with `failOnUnused`, fails on unused interactions.
 *
 * ava runs a file's tests concurrently: with `cassetteFrom: 'title'`, use `test.serial`
 * (the environment is switched per test) or pass `mockllm.baseURL()` to clients explicitly.
 */
export function useMockllm<Context = unknown>(test: TestFn<Context>, options: MockllmTestOptions = {}): MockllmSuite {
  const suite = new SuiteController(options);
  const titleOf = (t: ExecutionContext<Context>) => t.title.replace(HOOK_PREFIX, '');
  test.before(async () => {
    await suite.start(test.meta.file);
  });
  test.beforeEach((t) => {
    suite.beginTest(titleOf(t));
  });
  test.afterEach.always((t) => {
    suite.endTest(titleOf(t));
  });
  test.after.always(async () => {
    await suite.stop();
  });
  return suite;
}
