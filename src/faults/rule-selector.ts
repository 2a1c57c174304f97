import { globToRegExp } from '../handwritten/path-glob.js';
import type { LinearRegex } from '../util/linear-regex.js';
import { entryRef } from '../store/loaded-cassette.js';
import type { FaultTarget } from './fault-kind.js';
import type { WhenSpec } from './fault-spec.js';
import { seededUniform } from './seeded-decision.js';

function list<T>(v: T | T[] | undefined): T[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

/**
 * The `when` of one rule, compiled: filters (path, method, provider, model, cassette,
 * interaction, stream) that say whether the rule looks at a request at all, then gates
 * (nth, first, every, probability) over the requests it looked at. Counters are the
 * rule's own: a request taken by a higher-precedence source or an earlier rule is never
 * seen by this one.
 *
 * `nth`/`first`/`every` count requests in arrival order (or per distinct request with
 * `per_key`). `probability` decides from seed + rule + request key + the request's ordinal
 * among requests with that key, so it is stable under concurrency: which requests fail
 * depends on what they are, not on which arrived first.
 */
export class RuleSelector {
  readonly when: WhenSpec;
  readonly #salt: string;
  readonly #seed: number;
  readonly #paths: LinearRegex[] | undefined;
  readonly #models: LinearRegex[] | undefined;
  readonly #methods: string[] | undefined;
  #seen = 0;
  readonly #seenByKey = new Map<string, number>();

  /** `salt` tells rules apart for `probability`; `defaultSeed` applies when `when.seed` is absent. */
  constructor(when: WhenSpec | undefined, salt: string, defaultSeed: number) {
    this.when = when ?? {};
    this.#salt = salt;
    this.#seed = this.when.seed ?? defaultSeed;
    this.#paths = list(this.when.path)?.map(globToRegExp);
    this.#models = list(this.when.model)?.map(globToRegExp);
    this.#methods = list(this.when.method)?.map((m) => m.toUpperCase());
  }

  /** Whether the rule looks at this request at all (counts nothing). */
  filter(t: FaultTarget): boolean {
    const w = this.when;
    if (this.#paths && !this.#paths.some((r) => r.test(t.view.path))) return false;
    if (this.#methods && !this.#methods.includes(t.view.method.toUpperCase())) return false;
    if (w.provider !== undefined && !(list(w.provider) as string[]).includes(t.provider.name)) return false;
    if (this.#models) {
      const model = t.provider.model(t.view);
      if (model === undefined || !this.#models.some((r) => r.test(model))) return false;
    }
    if (w.cassette !== undefined) {
      const cassette = t.entry?.cassette.name ?? t.scope;
      if (cassette === undefined || !list(w.cassette)!.includes(cassette)) return false;
    }
    if (w.interaction !== undefined) {
      const e = t.entry;
      if (!e) return false;
      const names = [e.label, entryRef(e)];
      if (e.interaction.id !== undefined) names.push(e.interaction.id);
      if (!list(w.interaction)!.some((i) => names.includes(i))) return false;
    }
    if (w.stream !== undefined && w.stream !== (t.stream !== undefined)) return false;
    return true;
  }

  /** Counts this request and says whether nth/first/every/probability let it through. */
  gate(t: FaultTarget): boolean {
    const w = this.when;
    const ordinal = ++this.#seen;
    const keyOrdinal = (this.#seenByKey.get(t.key) ?? 0) + 1;
    this.#seenByKey.set(t.key, keyOrdinal);
    const n = w.per_key ? keyOrdinal : ordinal;
    if (w.nth !== undefined && n !== w.nth) return false;
    if (w.first !== undefined && n > w.first) return false;
    if (w.every !== undefined && n % w.every !== 0) return false;
    if (w.probability !== undefined && !(seededUniform(this.#seed, this.#salt, t.key, keyOrdinal) < w.probability)) return false;
    return true;
  }

  /** Why the rule fires, for logs and `/_mockllm/status`: `path /v1/*, first 1`. Stable per rule. */
  describe(): string {
    const w = this.when;
    const parts: string[] = [];
    const show = (name: string, v: string | string[] | undefined) => {
      if (v !== undefined) parts.push(`${name} ${list(v)!.join('|')}`);
    };
    show('path', w.path);
    show('method', w.method);
    show('provider', w.provider);
    show('model', w.model);
    show('cassette', w.cassette);
    show('interaction', w.interaction);
    if (w.stream !== undefined) parts.push(w.stream ? 'streams' : 'non-streams');
    if (w.nth !== undefined) parts.push(`nth ${w.nth}`);
    if (w.first !== undefined) parts.push(`first ${w.first}`);
    if (w.every !== undefined) parts.push(`every ${w.every}`);
    if (w.per_key) parts.push('per key');
    if (w.probability !== undefined) parts.push(`p=${w.probability} seed ${this.#seed}`);
    return parts.join(', ');
  }
}
