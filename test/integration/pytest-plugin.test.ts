/**
 * pytest-mockllm (`python/`), run by Python's pytest as a subprocess against the built CLI:
 * the plugin's own tests (pytester: replay, misses failing the test that sent them, faults,
 * scopes, --strict, record mode, start failures, no process left behind) and the documented
 * example (test/examples/pytest). Without Python's pytest and httpx each test is skipped
 * with the reason in its title (`.ci/run` installs them and then requires them).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { pythonEnv, pythonTest, ROOT, runCollecting, type Python } from '../helpers/python.js';

/** Runs pytest on `target` with the built CLI as mockllm; returns its output after checking the counts. */
async function pytest(py: Python, target: string, extra: string[] = []): Promise<{ code: number | null; output: string; summary: string }> {
  const r = await runCollecting(py.python, ['-m', 'pytest', '-p', 'no:cacheprovider', '-rs', ...extra, target], {
    env: pythonEnv(py, { MOCKLLM_BIN: `${process.execPath} ${BIN}` }),
  });
  const summary = /^=*\s*(\d+ (?:passed|failed|skipped|errors?)[^=\n]*?)\s*=*$/m.exec(r.output)?.[1] ?? '(no pytest summary line)';
  return { code: r.code, output: r.output, summary };
}

const PLUGIN_TESTS = readdirSync(join(ROOT, 'python', 'tests')).filter((f) => /^test_.*\.py$/.test(f)).sort();

for (const file of PLUGIN_TESTS) {
  pythonTest(`pytest-mockllm's own tests: python/tests/${file}`, async (t, py) => {
    t.timeout(300_000);
    const r = await pytest(py, join('python', 'tests', file));
    t.log(`${py.versions}; plugin ${py.plugin}; ${r.summary}`);
    t.is(r.code, 0, r.output);
    t.regex(r.summary, /^\d+ passed/);
    t.notRegex(r.summary, /failed|error/);
    // The first "collected" line is this run's own (the inner runs' output shows only on failure).
    const collected = Number(/collected (\d+) items?/.exec(r.output)?.[1] ?? NaN);
    const ran = Number(/(\d+) passed/.exec(r.summary)?.[1] ?? 0) + Number(/(\d+) skipped/.exec(r.summary)?.[1] ?? 0);
    t.true(collected > 0);
    t.is(ran, collected, 'every collected test ran (or says why it skipped)');
  });
}

pythonTest('the documented pytest example (test/examples/pytest) passes with the plugin', async (t, py) => {
  t.timeout(300_000);
  const r = await pytest(py, join('test', 'examples', 'pytest'));
  t.log(`${py.versions}; ${r.summary}`);
  t.is(r.code, 0, r.output);
  if (py.openai) t.regex(r.summary, /^6 passed/, 'with openai installed, the openai client example runs too');
  else {
    t.regex(r.summary, /^3 passed, 1 skipped/);
    t.regex(r.output, /SKIPPED.*the openai package is not installed/);
    t.log('the openai Python client is not installed here: test/examples/pytest/test_chat.py was skipped (pytest says so above)');
  }
  t.regex(r.output, /mockllm replay summary: \d+ requests, \d+ hits, 0 misses/);
});

pythonTest('after the pytest runs, the process table holds no mockllm server they started', async (t) => {
  const { execFileSync } = await import('node:child_process');
  const table = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8', timeout: 20_000 });
  const leftovers = table
    .split('\n')
    .filter((line) => line.includes(BIN) && /pytest-of-|examples\/pytest\/\.\.\/cassettes/.test(line) && !/^\s*\d+\s+Z/.test(line));
  t.deepEqual(leftovers, []);
});

pythonTest('the npm package ships the plugin: pip installs python/ from the packed tarball and pytest finds it', async (t, py) => {
  t.timeout(300_000);
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'mockllm-pack-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const pack = await runCollecting('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir]);
  t.is(pack.code, 0, pack.output);
  const tarball = join(dir, pack.output.trim().split('\n').pop()!);
  const untar = await runCollecting('tar', ['-xzf', tarball, '-C', dir]);
  t.is(untar.code, 0, untar.output);
  const site = join(dir, 'site');
  // What `pip install ./node_modules/mockllm/python` does, into a folder of its own (no index needed).
  const install = await runCollecting(py.python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-build-isolation', '--no-deps', '--target', site, join(dir, 'package', 'python')]);
  t.is(install.code, 0, install.output);
  // -S: no site-packages, so only what was just installed can answer.
  const found = await runCollecting(py.python, ['-S', '-c', 'import importlib.metadata as m; print(sorted(e.value for e in m.entry_points(group="pytest11") if e.name == "mockllm"))'], {
    env: { ...process.env, PYTHONPATH: site },
  });
  t.is(found.output.trim(), "['pytest_mockllm.plugin']", found.output);
});
