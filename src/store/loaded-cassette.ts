import type { Cassette, Interaction } from '../cassette/types.js';
import { isHandWritten } from '../cassette/types.js';
import { requestKey, type KeyOptions } from '../match/request-key.js';

/** One interaction of a loaded cassette, with what lookups need precomputed. */
export interface IndexedInteraction {
  cassette: LoadedCassette;
  /** Position in the cassette's `interactions`. */
  index: number;
  interaction: Interaction;
  /** `id` when present, else `#<index>`: what headers and logs show. */
  label: string;
  /** Recomputed key for recorded interactions; undefined for hand-written ones. */
  key?: string;
}

export interface LoadedCassette {
  name: string;
  file: string;
  cassette: Cassette;
  entries: IndexedInteraction[];
}

export function indexCassette(name: string, file: string, cassette: Cassette, keyOptions: KeyOptions): LoadedCassette {
  const loaded: LoadedCassette = { name, file, cassette, entries: [] };
  loaded.entries = cassette.interactions.map((interaction, index) => {
    const entry: IndexedInteraction = { cassette: loaded, index, interaction, label: interaction.id ?? `#${index}` };
    if (!isHandWritten(interaction)) entry.key = requestKey(interaction.request, keyOptions);
    return entry;
  });
  return loaded;
}

/** `cassette#interaction` as shown in headers, logs and summaries. */
export function entryRef(entry: IndexedInteraction): string {
  return `${entry.cassette.name}#${entry.label}`;
}
