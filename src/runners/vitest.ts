/**
 * `mockllm/vitest`: a mockllm per vitest (or jest) test file.
 *
 * ```ts
 * import { test, expect } from 'vitest';
 * import { useMockllm } from 'mockllm/vitest';
 * const mockllm = useMockllm({ cassettes: './cassettes' });
 * test('says hello', async () => { const openai = new OpenAI(); … });
 * ```
 *
 * The hooks are the runner's globals when it has them (jest, vitest with `globals: true`),
 * else vitest's exports. No vitest types are imported, so jest projects without vitest
 * type-check too.
 */
import { SuiteController, type MockllmSuite, type MockllmTestOptions } from './suite.js';

export type { MockllmSuite, MockllmTestOptions } from './suite.js';

type Hook = (fn: (...args: unknown[]) => unknown) => void;

/** The four hooks, as vitest and jest both spell them. */
export interface RunnerHooks {
  beforeAll: Hook;
  afterAll: Hook;
  beforeEach: Hook;
  afterEach: Hook;
}

interface ExpectLike {
  getState(): { currentTestName?: string; testPath?: string };
}

async function runnerHooks(): Promise<RunnerHooks> {
  const g = globalThis as unknown as Partial<RunnerHooks>;
  if (typeof g.beforeAll === 'function' && typeof g.afterAll === 'function' && typeof g.beforeEach === 'function' && typeof g.afterEach === 'function')
    return g as RunnerHooks;
  // A variable specifier: TypeScript does not resolve it, so a project without vitest still compiles.
  const specifier = 'vitest';
  return (await import(specifier)) as RunnerHooks;
}

const hooks = await runnerHooks();

/**
 * Registers hooks in the current file (or `describe` block): `beforeAll` starts a replay
 * server (or recording proxy, or interception) and points the SDK environment variables at
 * it; `afterEach` fails the test when its requests missed; `afterAll` stops it, restores the
 * environment and, with `failOnUnused`, fails on unused interactions.
 *
 * Pass `hooks` to use other hook functions (e.g. vitest's, when jest globals are also present).
 */
export function useMockllm(options: MockllmTestOptions = {}, use: RunnerHooks = hooks): MockllmSuite {
  const suite = new SuiteController(options);
  // Hooks take rest parameters: a hook with declared parameters is a callback-style hook to jest.
  use.beforeAll(async (...args: unknown[]) => {
    await suite.start(options.file ?? testFile(args[0]));
  });
  use.beforeEach((...args: unknown[]) => {
    suite.beginTest(testTitle(args[0]));
  });
  use.afterEach((...args: unknown[]) => {
    suite.endTest(testTitle(args[0]));
  });
  use.afterAll(async () => {
    await suite.stop();
  });
  return suite;
}

function expectState(): ReturnType<ExpectLike['getState']> | undefined {
  const expect = (globalThis as unknown as { expect?: ExpectLike }).expect;
  try {
    return expect?.getState();
  } catch {
    return undefined;
  }
}

/** vitest hands `beforeAll` the file (or suite); jest tells `expect.getState().testPath`. */
function testFile(arg: unknown): string | undefined {
  const suite = arg as { filepath?: unknown; file?: { filepath?: unknown } } | undefined;
  const fromSuite = suite?.file?.filepath ?? suite?.filepath;
  if (typeof fromSuite === 'string') return fromSuite;
  return expectState()?.testPath;
}

/** vitest hands hooks a context with the task; jest tells `expect.getState().currentTestName`. */
function testTitle(arg: unknown): string {
  const name = (arg as { task?: { name?: unknown } } | undefined)?.task?.name;
  if (typeof name === 'string') return name;
  return expectState()?.currentTestName ?? 'test';
}
