/**
 * Issue 13: the documented pytest setup hung at teardown (`TimeoutExpired`) when mockllm was
 * started through a launcher that runs node as its child (npx): SIGTERM reached the
 * launcher, not node, which was left running with parent pid 1. The documented setup
 * (test/examples/pytest) run through such a launcher must end cleanly and leave no process.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { pythonEnv, pythonTest, ROOT, runCollecting } from '../helpers/python.js';
import { tempDir } from '../integration/record-support.js';

/** Live (non-zombie) processes whose environment holds `marker`. */
function processesMarked(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) found.push(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

pythonTest('the documented pytest setup, through an npx-like launcher: no hang at teardown, no orphaned node', async (t, py) => {
  t.timeout(300_000);
  const dir = tempDir(t, 'mockllm-orphan-');
  const marker = `MOCKLLM_ORPHAN_CHECK=${process.pid}-${Date.now()}`;
  const launcher = join(dir, 'mockllm-launcher.sh');
  // Like npx: node runs as a child of the launcher, which does not exec and does not forward signals.
  writeFileSync(launcher, `#!/bin/sh\nexport ${marker}\n"${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  t.teardown(() => {
    for (const pid of processesMarked(marker)) process.kill(pid, 'SIGKILL');
  });

  const r = await runCollecting(py.python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', join('test', 'examples', 'pytest')], {
    env: pythonEnv(py, { MOCKLLM_BIN: launcher }),
    timeoutMs: 120_000,
  });
  t.notRegex(r.output, /TimeoutExpired/);
  t.is(r.code, 0, r.output);
  t.regex(r.output, /mockllm replay summary/);
  t.deepEqual(processesMarked(marker), [], 'no process started for the session is left');
});
