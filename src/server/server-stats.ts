import { entryRef, type IndexedInteraction } from '../store/loaded-cassette.js';
import type { InteractionIndex } from '../match/interaction-index.js';

export interface CassetteStats {
  name: string;
  interactions: number;
  hits: number;
  misses: number;
  unused: string[];
}

/** What `/_mockllm/status`, `stats()` and the exit summary report. */
export interface StatsSnapshot {
  mode: string;
  requests: number;
  hits: number;
  misses: number;
  recorded: number;
  faults: Record<string, number>;
  cassettes: CassetteStats[];
  unused: string[];
}

/** Counters of one server. Interactions are counted by `cassette#index`, so a reload keeps them apart. */
export class ServerStats {
  requests = 0;
  hits = 0;
  misses = 0;
  recorded = 0;
  readonly faults = new Map<string, number>();
  readonly #served = new Map<string, number>();
  readonly #missesByCassette = new Map<string, number>();
  readonly #hitsByCassette = new Map<string, number>();

  hit(entry: IndexedInteraction): void {
    this.hits++;
    const id = `${entry.cassette.name}\0${entry.index}`;
    this.#served.set(id, (this.#served.get(id) ?? 0) + 1);
    this.#hitsByCassette.set(entry.cassette.name, (this.#hitsByCassette.get(entry.cassette.name) ?? 0) + 1);
  }

  miss(scope: string | undefined): void {
    this.misses++;
    const name = scope ?? '*';
    this.#missesByCassette.set(name, (this.#missesByCassette.get(name) ?? 0) + 1);
  }

  fault(label: string): void {
    this.faults.set(label, (this.faults.get(label) ?? 0) + 1);
  }

  unused(index: InteractionIndex): string[] {
    return index.entries(undefined).filter((e) => !this.#served.has(`${e.cassette.name}\0${e.index}`)).map(entryRef);
  }

  snapshot(mode: string, index: InteractionIndex): StatsSnapshot {
    const unused = this.unused(index);
    return {
      mode,
      requests: this.requests,
      hits: this.hits,
      misses: this.misses,
      recorded: this.recorded,
      faults: Object.fromEntries(this.faults),
      cassettes: index.cassettes.map((c) => ({
        name: c.name,
        interactions: c.entries.length,
        hits: this.#hitsByCassette.get(c.name) ?? 0,
        misses: this.#missesByCassette.get(c.name) ?? 0,
        unused: c.entries.filter((e) => !this.#served.has(`${c.name}\0${e.index}`)).map(entryRef),
      })),
      unused,
    };
  }
}
