import { cassetteNameProblem } from '../cassette/cassette-name.js';
import { PROVIDER_PATH_ROOTS } from '../providers/registry.js';

export type ScopeResult = { ok: true; scope?: string; path: string } | { ok: false; problem: string };

/**
 * Which cassette a request addresses: `x-mockllm-cassette` header, or a `/c/NAME/` path
 * prefix (NAME may hold `/`; it ends at the longest existing cassette name, else before
 * the first provider root such as `v1` or `api`). The prefix is removed from the path.
 */
export function resolveScope(pathname: string, header: string | string[] | undefined, exists: (name: string) => boolean): ScopeResult {
  let scope: string | undefined;
  let path = pathname;
  if (pathname.startsWith('/c/')) {
    const segments = pathname.slice(3).split('/');
    let take = 0;
    for (let n = segments.length - 1; n >= 1; n--) {
      if (exists(segments.slice(0, n).join('/'))) {
        take = n;
        break;
      }
    }
    if (take === 0) {
      const root = segments.findIndex((s, i) => i > 0 && PROVIDER_PATH_ROOTS.has(s));
      take = root > 0 ? root : 1;
    }
    scope = decodeURIComponentSafe(segments.slice(0, take).join('/'));
    path = `/${segments.slice(take).join('/')}`;
  }
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader !== undefined && fromHeader !== '') scope = fromHeader;
  if (scope !== undefined) {
    const problem = cassetteNameProblem(scope);
    if (problem) return { ok: false, problem: `invalid cassette name ${JSON.stringify(scope)}: ${problem}` };
  }
  return scope === undefined ? { ok: true, path } : { ok: true, scope, path };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
