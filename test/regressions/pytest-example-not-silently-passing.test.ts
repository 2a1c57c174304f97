/**
 * Issue 13: the suite's pytest test passed without running anything where Python's pytest
 * was missing, while the docs said the example was executed. Now such a test is reported
 * as SKIPPED in its title, and fails when Python is required (`.ci/run` requires it once it
 * has installed it). Runs the suite's pytest tests in a nested ava with no Python reachable.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ROOT, runCollecting } from '../helpers/python.js';

/** The test files that run test/examples/pytest. */
function filesRunningThePytestExample(): string[] {
  const out = execFileSync('grep', ['-rl', '--include=*.test.ts', 'test/examples/pytest\\|examples.*pytest', 'test/integration'], { cwd: ROOT, encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean);
}

async function avaWithoutPython(env: NodeJS.ProcessEnv) {
  const emptyPath = mkdtempSync(join(tmpdir(), 'mockllm-nopython-'));
  try {
    return await runCollecting(process.execPath, [join(ROOT, 'node_modules', 'ava', 'entrypoints', 'cli.mjs'), '--match', '*pytest*', ...filesRunningThePytestExample()], {
      env: { ...process.env, PATH: emptyPath, MOCKLLM_TEST_PYTHON: join(emptyPath, 'python3'), CI: '1', FORCE_COLOR: '0', ...env },
      timeoutMs: 120_000,
    });
  } finally {
    rmSync(emptyPath, { recursive: true, force: true });
  }
}

test('without Python, the pytest tests say SKIPPED in their titles; none passes', async (t) => {
  t.timeout(180_000);
  const r = await avaWithoutPython({ MOCKLLM_REQUIRE_PYTHON: '' });
  t.log(r.output.split('\n').filter((l) => /pytest/.test(l)).slice(0, 4).join('\n'));
  t.notRegex(r.output, /✔[^\n]*pytest/, 'no pytest test passes without running pytest');
  t.regex(r.output, /SKIPPED: no Python with pytest and httpx/);
  t.regex(r.output, /\d+ tests? skipped/);
});

test('with MOCKLLM_REQUIRE_PYTHON=1 and no Python, the pytest tests fail', async (t) => {
  t.timeout(180_000);
  const r = await avaWithoutPython({ MOCKLLM_REQUIRE_PYTHON: '1' });
  t.not(r.code, 0);
  t.regex(r.output, /\(Python required here\)/);
  t.regex(r.output, /no Python with pytest and httpx/);
});
