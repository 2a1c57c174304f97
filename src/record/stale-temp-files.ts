import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** `<cassette>.json.<pid>.<hex>.tmp`, as the atomic writers name their temp files. */
const TEMP_FILE = /\.json\.(\d+)\.[0-9a-f]+\.tmp$/;

/**
 * Removes temp files left by a recorder that was killed mid-write (`kill -9`, power loss):
 * they are harmless (never loaded) but clutter `git status`. Only files whose writer
 * process is gone are touched, so a recorder running beside this one keeps its own.
 */
export function removeStaleTempFiles(dir: string): number {
  let removed = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const m = TEMP_FILE.exec(entry.name);
        if (m && !processAlive(Number(m[1]))) {
          rmSync(full, { force: true });
          removed++;
        }
      }
    }
  };
  walk(dir);
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
