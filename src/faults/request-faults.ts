import { formatProblem } from '../errors.js';
import { FAULT_KIND_NAMES, kindOf } from './fault-kinds.js';
import type { FaultRule } from './fault-spec.js';
import { checkHeaderRule } from './overlay-schema.js';
import { BUILTIN_SCENARIOS, knownNames, namedFault, type ScenarioNames } from './presets/named-faults.js';

/** What a request asks for itself: faults to apply, or why its ask is invalid (→ 400). */
export type RequestFaults = { faults: FaultRule[] } | { problem: string };

export const FAULT_HEADER = 'x-mockllm-fault';

/**
 * `x-mockllm-fault`: one or more faults separated by `,`; each is `;`-separated tokens, the
 * first either a name (`rate_limit`, `429`, `timeout`, `truncate`, a scenario such as
 * `ABRUPT_STREAM`: see `namedFault`) or `kind=…`, the rest `param=value` (values may be
 * URL-encoded; numbers and booleans are converted by the schema):
 * `kind=status;status=429;retry_after=2`, `rate_limit;retry_after_ms=10`,
 * `latency;ms=200, truncate;after=3`. A scenario keeps its `when` (which requests it is for).
 */
export function parseFaultHeader(value: string, scenarios: ScenarioNames = BUILTIN_SCENARIOS): RequestFaults {
  const bad = (why: string): RequestFaults => ({ problem: `invalid ${FAULT_HEADER} header ${JSON.stringify(value)}: ${why}` });
  const faults: FaultRule[] = [];
  for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const params: Record<string, unknown> = {};
    let name: string | undefined;
    const tokens = part.split(';').map((s) => s.trim()).filter(Boolean);
    for (const [i, token] of tokens.entries()) {
      const eq = token.indexOf('=');
      if (eq === -1) {
        if (i !== 0) return bad(`${JSON.stringify(token)} is not param=value`);
        name = token;
        continue;
      }
      const param = token.slice(0, eq).trim();
      if (param === 'when' || param === 'times') return bad(`${param} has no meaning in a header (it applies to this request only)`);
      try {
        params[param] = decodeURIComponent(token.slice(eq + 1).trim());
      } catch {
        return bad(`${param}: bad URL encoding`);
      }
    }
    const readings = name === undefined ? [{}] : interpretations(name, scenarios);
    if (readings.length === 0) return bad(`unknown fault ${JSON.stringify(name)}; use ${knownNames(scenarios)}`);
    const checks = readings.map((reading) => checkHeaderRule({ ...reading, ...params }));
    const ok = checks.find((c) => c.ok);
    if (ok?.ok) {
      faults.push(ok.value);
      continue;
    }
    // Report the reading the parameters fit best: the one with the fewest unknown parameters.
    const unknown = (c: (typeof checks)[number]) => (c.ok ? 0 : c.problems.filter((p) => p.message.startsWith('unknown property')).length);
    const best = checks.reduce((a, b) => (unknown(b) < unknown(a) ? b : a));
    if (!best.ok) return bad(best.problems.map((p) => formatProblem(p).replace(/^<input>: /, '')).join('; '));
  }
  if (faults.length === 0) return { problem: `empty ${FAULT_HEADER} header; use e.g. "kind=status;status=429" or a name: ${knownNames(scenarios)}` };
  const replacing = faults.filter((f) => kindOf(f).replacesResponse);
  if (replacing.length > 1) return bad(`${replacing.map((f) => f.kind).join(' and ')} both replace the response; name at most one`);
  return { faults };
}

/**
 * What a bare name can mean, most likely first. `rate_limit` is both a status preset (a
 * 429) and a kind (a counter): alone it is the 429; with `requests=`/`tokens=` the counter.
 */
function interpretations(name: string, scenarios: ScenarioNames): Array<Record<string, unknown>> {
  const named = namedFault(name, scenarios);
  const out = named ? [named] : [];
  if ((FAULT_KIND_NAMES as string[]).includes(name) && named?.kind !== name) out.push({ kind: name });
  return out;
}

/**
 * The query parameters of simple mock providers: `fail=429|500|timeout|<any fault name>` (a
 * status error, a request that never answers, a preset, a scenario…), `delay=MS` (latency
 * before headers), `fail_chunk=N` (streams: chunks 1…N-1 go out, chunk N is invalid JSON,
 * then the stream ends). They combine: `?delay=3000&fail=429`. Undefined when none is present.
 */
export function parseFaultQuery(query: URLSearchParams, scenarios: ScenarioNames = BUILTIN_SCENARIOS): RequestFaults | undefined {
  const faults: FaultRule[] = [];
  const delay = query.get('delay');
  if (delay !== null) {
    if (!/^\d+(\.\d+)?$/.test(delay)) return { problem: `invalid query parameter delay=${delay}: expected milliseconds, e.g. delay=3000` };
    faults.push({ kind: 'latency', ms: Number(delay) });
  }
  const fail = query.get('fail');
  if (fail !== null) {
    const named = namedFault(fail, scenarios);
    const checked = named ? checkHeaderRule(named) : undefined;
    if (!checked?.ok) return { problem: `invalid query parameter fail=${fail}: use ${knownNames(scenarios)}${checked && !checked.ok ? ` (${checked.problems.map((p) => p.message).join('; ')})` : ''}` };
    faults.push(checked.value);
  }
  // `stream` asks for a stream (the adapters read it); it is checked here with the other simple-mock parameters.
  const stream = query.get('stream');
  if (stream !== null && stream !== 'true' && stream !== 'false') return { problem: `invalid query parameter stream=${stream}: expected true or false` };
  const chunk = query.get('fail_chunk');
  if (chunk !== null) {
    if (!/^[1-9]\d*$/.test(chunk)) return { problem: `invalid query parameter fail_chunk=${chunk}: expected the 1-based chunk number that fails, e.g. fail_chunk=3` };
    faults.push({ kind: 'malformed', after: Number(chunk) - 1 });
  }
  return faults.length > 0 ? { faults } : undefined;
}
