/**
 * The Python the pytest tests run with: `MOCKLLM_TEST_PYTHON` (only it, when set), else the
 * repository's `.venv` (made by `.ci/python-env`), else `python3` — the first that imports
 * pytest and httpx. A test that cannot run says so in its title (see {@link pythonTest});
 * with `MOCKLLM_REQUIRE_PYTHON=1` (set by `.ci/run` once it installed them) it fails instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PLUGIN_SRC = join(ROOT, 'python', 'src');

export interface Python {
  readonly python: string;
  /** `Python 3.11.7, pytest 9.1.1, httpx 0.28.1, openai 2.54.0 | -` */
  readonly versions: string;
  /** Whether `import openai` works (the openai example needs it). */
  readonly openai: boolean;
  /**
   * How pytest finds the plugin: `installed` (its `pytest11` entry point, as a user gets it)
   * or `path` (from `python/src` through PYTHONPATH and PYTEST_PLUGINS, where it is not installed).
   */
  readonly plugin: 'installed' | 'path';
}

const PROBE = `
import sys, importlib.util
import pytest, httpx
try:
    import openai
    o = openai.__version__
except Exception:
    o = "-"
installed = importlib.util.find_spec("pytest_mockllm") is not None
print("Python %s, pytest %s, httpx %s, openai %s" % (sys.version.split()[0], pytest.__version__, httpx.__version__, o))
print("installed" if installed else "path")
`;

function probe(): Python | { missing: string } {
  // An explicit choice is the only one: a wrong path must show, not fall back quietly.
  const candidates = process.env.MOCKLLM_TEST_PYTHON
    ? [process.env.MOCKLLM_TEST_PYTHON]
    : [join(ROOT, '.venv', 'bin', 'python'), 'python3'].filter((p) => !p.includes('/') || existsSync(p));
  const tried: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: PLUGIN_SRC } });
    if (r.status === 0) {
      const [versions = '', plugin = 'path'] = r.stdout.trim().split('\n');
      return { python, versions, openai: !versions.endsWith('openai -'), plugin: plugin === 'installed' ? 'installed' : 'path' };
    }
    tried.push(`${python}: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
  }
  return { missing: `no Python with pytest and httpx (tried ${tried.join('; ')}); run \`bash .ci/python-env\`` };
}

export const PYTHON = probe();

/**
 * Declares a test that needs Python with pytest and httpx. Without them it is skipped with
 * the reason in its title — or fails, when `MOCKLLM_REQUIRE_PYTHON=1`.
 */
export function pythonTest(title: string, body: (t: ExecutionContext, py: Python) => Promise<void>): void {
  const py = PYTHON;
  if ('missing' in py) {
    if (process.env.MOCKLLM_REQUIRE_PYTHON === '1') test(`${title} (Python required here)`, (t) => t.fail(py.missing));
    else test.skip(`${title} — SKIPPED: ${py.missing}`, () => {});
    return;
  }
  test.serial(title, (t) => body(t, py));
}

/** The environment that lets pytest load the plugin however it is available, plus `extra`. */
export function pythonEnv(py: Python, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
  if (py.plugin === 'path') {
    env.PYTHONPATH = [PLUGIN_SRC, process.env.PYTHONPATH].filter(Boolean).join(':');
    env.PYTEST_PLUGINS = 'pytest_mockllm.plugin';
  }
  return env;
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a command to completion, collecting stdout and stderr together. */
export function runCollecting(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    let settled = false;
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ code, signal, output });
    };
    child.on('close', settle);
    // A grandchild that kept the pipes open must not keep the test waiting: its output is
    // what the child left, 5 s after the child itself exited.
    child.on('exit', (code, signal) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        settle(code, signal);
      }, 5_000).unref();
    });
  });
}
