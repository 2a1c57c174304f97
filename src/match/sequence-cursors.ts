/**
 * How many times each key was answered in each scope: the position in a recorded
 * sequence. Taken synchronously, so concurrent requests each get their own position.
 */
export class SequenceCursors {
  readonly #served = new Map<string, number>();

  /** Returns how many were served before this request, and counts this one. */
  take(scope: string | undefined, key: string): number {
    const id = cursorId(scope, key);
    const served = this.#served.get(id) ?? 0;
    this.#served.set(id, served + 1);
    return served;
  }

  /** Forgets the cursors of changed cassettes (and of the all-cassettes scope, which spans them). */
  forget(changedCassettes: Set<string>): void {
    if (changedCassettes.size === 0) return;
    for (const id of [...this.#served.keys()]) {
      const scope = id.slice(0, id.indexOf('\0'));
      if (scope === '' || changedCassettes.has(scope)) this.#served.delete(id);
    }
  }

  reset(): void {
    this.#served.clear();
  }
}

function cursorId(scope: string | undefined, key: string): string {
  return `${scope ?? ''}\0${key}`;
}
