/**
 * Which requests in-process interception answers. By default every host: the clients
 * under test talk to `api.openai.com`, `127.0.0.1:11434` or whatever their base URL says,
 * and all of it is served from cassettes. `hosts` narrows that down; `passthrough` lets
 * some hosts reach the real network (a local app server, a database's HTTP API…).
 */

/**
 * A host to match:
 * - a string: a hostname (`api.openai.com`, any port), `host:port` (`127.0.0.1:11434`) or an
 *   origin (`https://api.openai.com`);
 * - a RegExp, tested against the origin with its port always spelled out
 *   (`https://api.openai.com:443`, `http://127.0.0.1:11434`);
 * - a function of the origin's URL.
 */
export type HostPattern = string | RegExp | ((origin: URL) => boolean);

/** The host in-process helpers use when they need a base URL: always intercepted. */
export const INTERCEPT_HOST = 'mockllm.intercept';
export const INTERCEPT_ORIGIN = `http://${INTERCEPT_HOST}`;

export interface HostFilterOptions {
  /** Intercept only these hosts (default: every host). */
  hosts?: readonly HostPattern[] | undefined;
  /** Never intercept these hosts: their requests reach the network as usual. */
  passthrough?: readonly HostPattern[] | undefined;
}

/** `proto://host:port` (how nock names an origin) → should it be intercepted? */
export function hostFilter(options: HostFilterOptions): (origin: string) => boolean {
  const hosts = options.hosts;
  const passthrough = options.passthrough ?? [];
  return (origin: string) => {
    const parsed = parseOrigin(origin);
    if (!parsed) return false;
    if (parsed.url.hostname === INTERCEPT_HOST) return true;
    if (passthrough.some((p) => matches(p, parsed))) return false;
    return hosts === undefined || hosts.some((p) => matches(p, parsed));
  };
}

interface ParsedOrigin {
  url: URL;
  /** `https://api.openai.com:443`: the port always present. */
  full: string;
  port: string;
}

function parseOrigin(origin: string): ParsedOrigin | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { url, port, full: `${url.protocol}//${url.hostname}:${port}` };
}

function matches(pattern: HostPattern, o: ParsedOrigin): boolean {
  if (typeof pattern === 'function') return pattern(o.url);
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0;
    return pattern.test(o.full);
  }
  const p = pattern.trim().toLowerCase().replace(/\/+$/, '');
  if (p.includes('://')) {
    const other = parseOrigin(p);
    return other !== undefined && other.full === o.full;
  }
  const host = o.url.hostname.toLowerCase();
  return p === host || p === `${host}:${o.port}`;
}
