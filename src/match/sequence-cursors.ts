/**
 * How many times each key was answered in each scope: the position in a recorded
 * sequence. Taken synchronously, so concurrent requests each get their own position.
 */
export class SequenceCursors {
  /** Scope ('' = all cassettes) → key → served count. */
  readonly #served = new Map<string, Map<string, number>>();

  /** Returns how many were served before this request, and counts this one. */
  take(scope: string | undefined, key: string): number {
    const id = scope ?? '';
    let byKey = this.#served.get(id);
    if (!byKey) this.#served.set(id, (byKey = new Map()));
    const served = byKey.get(key) ?? 0;
    byKey.set(key, served + 1);
    return served;
  }

  /** Forgets the cursors of changed cassettes (and of the all-cassettes scope, which spans them). */
  forget(changedCassettes: Set<string>): void {
    if (changedCassettes.size === 0) return;
    this.#served.delete('');
    for (const name of changedCassettes) this.#served.delete(name);
  }

  reset(): void {
    this.#served.clear();
  }
}
