import { isHandWritten } from '../cassette/types.js';
import type { IndexedInteraction, LoadedCassette } from '../store/loaded-cassette.js';

/**
 * Key → recorded interactions, per cassette and across all cassettes. Built once per
 * load; lookups are O(1) whatever the cassette size.
 */
export class InteractionIndex {
  readonly #cassettes = new Map<string, LoadedCassette>();
  readonly #byCassette = new Map<string, Map<string, IndexedInteraction[]>>();
  readonly #global = new Map<string, IndexedInteraction[]>();
  /** Signature of a recorded request's exact bytes → its key (see exact-request). */
  readonly #keyBySignature = new Map<string, string>();
  readonly #handwritten = new Map<string, IndexedInteraction[]>();
  #allHandwritten: IndexedInteraction[] = [];

  constructor(cassettes: Iterable<LoadedCassette>) {
    const sorted = [...cassettes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const c of sorted) {
      this.#cassettes.set(c.name, c);
      const byKey = new Map<string, IndexedInteraction[]>();
      const hand: IndexedInteraction[] = [];
      for (const e of c.entries) {
        if (isHandWritten(e.interaction)) {
          hand.push(e);
          continue;
        }
        const key = e.key!;
        push(byKey, key, e);
        push(this.#global, key, e);
        if (e.signature !== undefined) this.#keyBySignature.set(e.signature, key);
      }
      hand.push(...c.aliases);
      this.#byCassette.set(c.name, byKey);
      this.#handwritten.set(c.name, hand);
      this.#allHandwritten.push(...hand);
    }
  }

  get cassettes(): LoadedCassette[] {
    return [...this.#cassettes.values()];
  }

  cassette(name: string): LoadedCassette | undefined {
    return this.#cassettes.get(name);
  }

  /** Recorded interactions with this key, in sequence order; scope undefined = every cassette. */
  recorded(scope: string | undefined, key: string): IndexedInteraction[] {
    const map = scope === undefined ? this.#global : this.#byCassette.get(scope);
    return map?.get(key) ?? [];
  }

  /** Whether any recorded request can be found by its exact bytes. */
  get hasSignatures(): boolean {
    return this.#keyBySignature.size > 0;
  }

  /** The key of the recorded request with these exact bytes, if one was recorded. */
  keyOfSignature(signature: string): string | undefined {
    return this.#keyBySignature.get(signature);
  }

  /** Hand-written interactions in file order (cassettes by name when unscoped). */
  handwritten(scope: string | undefined): IndexedInteraction[] {
    return scope === undefined ? this.#allHandwritten : (this.#handwritten.get(scope) ?? []);
  }

  /** Every interaction in scope, for miss explanations and listings. */
  entries(scope: string | undefined): IndexedInteraction[] {
    if (scope !== undefined) return this.#cassettes.get(scope)?.entries ?? [];
    return [...this.#cassettes.values()].flatMap((c) => c.entries);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
