/**
 * Issue 13: the documented pytest setup hung at teardown (`TimeoutExpired`) when mockllm was
 * started through a launcher that runs node as its child (npx): SIGTERM reached the
 * launcher, not node, which was left running with parent pid 1. The documented setup
 * (test/examples/pytest) run through such a launcher must end cleanly and leave no process.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { pythonEnv, pythonTest, runCollecting } from '../helpers/python.js';
import { tempDir } from '../integration/record-support.js';

/**
 * Live (non-zombie) processes whose command line holds `marker`, from `ps` in a child with
 * a time limit (reading another process's /proc entries can block while it execs or exits).
 */
function processesMarked(marker: string): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8', timeout: 20_000 });
  return table
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !m[2]!.startsWith('Z') && m[3]!.includes(marker))
    .map((m) => Number(m[1]));
}

pythonTest('the documented pytest setup, through an npx-like launcher: no hang at teardown, no orphaned node', async (t, py) => {
  t.timeout(300_000);
  const dir = tempDir(t, 'mockllm-orphan-');
  // An empty module node preloads: its path, unique to this run, marks the processes in `ps`.
  const marker = join(dir, 'orphan-marker.cjs');
  writeFileSync(marker, '');
  const launcher = join(dir, 'mockllm-launcher.sh');
  // Like npx: node runs as a child of the launcher, which does not exec and does not forward signals.
  writeFileSync(launcher, `#!/bin/sh\n"${process.execPath}" --require "${marker}" "${BIN}" "$@"\n`, { mode: 0o755 });
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
