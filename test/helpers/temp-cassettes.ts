/** Temporary cassette directories for tests: files written as given, removed at teardown. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExecutionContext } from 'ava';

/** A fresh directory holding `files` (name → JSON value, or raw text), removed when the test ends. */
export function tempCassetteDir(t: ExecutionContext, files: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mockllm-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  return dir;
}

/** JSON text nested `depth` arrays deep: `[[[…]]]`. */
export function nestedArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
