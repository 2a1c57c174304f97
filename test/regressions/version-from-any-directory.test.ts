/**
 * Regression: installed in a project, `mockllm --version` printed the project's version:
 * yargs looks for the package.json above the `node_modules` it is installed in, which is
 * the host project's. The test installs the built package the way npm lays it out
 * (`host/node_modules/mockllm` beside its dependencies) and runs it from the project.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { tempCassetteDir } from '../helpers/temp-cassettes.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OWN = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

test('--version prints mockllm’s own version when installed in another project', async (t) => {
  const host = tempCassetteDir(t, { 'package.json': { name: 'host-app', version: '9.8.7' } });
  const installed = join(host, 'node_modules', 'mockllm');
  for (const part of ['dist', 'schemas', 'package.json']) cpSync(join(REPO, part), join(installed, part), { recursive: true });
  // The runtime dependencies, beside it as npm installs them.
  for (const dir of runtimeDependencyDirs()) cpSync(dir, join(host, 'node_modules', relative(join(REPO, 'node_modules'), dir)), { recursive: true });
  const { stdout } = await run(process.execPath, [join(installed, 'dist', 'cli', 'main.js'), '--version'], { cwd: host });
  t.is(stdout.trim(), OWN);
});

/** Directories of mockllm's runtime dependencies and theirs, resolved as Node does (nested node_modules first). */
function runtimeDependencyDirs(): string[] {
  const found = new Set<string>();
  const visit = (pkgDir: string): void => {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      let at = pkgDir;
      let dir: string | undefined;
      for (;;) {
        const candidate = join(at, 'node_modules', name);
        if (existsSync(join(candidate, 'package.json'))) {
          dir = candidate;
          break;
        }
        if (at === REPO.replace(/\/$/, '') || dirname(at) === at) break;
        at = dirname(at);
      }
      if (dir === undefined || found.has(dir)) continue;
      found.add(dir);
      visit(dir);
    }
  };
  visit(REPO.replace(/\/$/, ''));
  return [...found];
}
