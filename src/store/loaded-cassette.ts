import type { Cassette, Interaction } from '../cassette/types.js';
import { isHandWritten } from '../cassette/types.js';
import { storedSignature } from '../match/exact-request.js';
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
  /** Signature of the request's exact bytes, when a live request may match it by those (see match/exact-request). */
  signature?: string;
}

export interface LoadedCassette {
  name: string;
  file: string;
  cassette: Cassette;
  entries: IndexedInteraction[];
  /**
   * Model aliases (`models` in the cassette) as hand-written rules `{match: {model}, reply}`,
   * tried after the file's own rules. Numbered after the interactions, never listed as unused.
   */
  aliases: IndexedInteraction[];
}

export function indexCassette(name: string, file: string, cassette: Cassette, keyOptions: KeyOptions): LoadedCassette {
  const loaded: LoadedCassette = { name, file, cassette, entries: [], aliases: [] };
  loaded.entries = cassette.interactions.map((interaction, index) => {
    const entry: IndexedInteraction = { cassette: loaded, index, interaction, label: interaction.id ?? `#${index}` };
    if (isHandWritten(interaction)) return entry;
    entry.key = requestKey(interaction.request, keyOptions);
    const signature = storedSignature(interaction.request, entry.key, keyOptions);
    if (signature !== undefined) entry.signature = signature;
    return entry;
  });
  loaded.aliases = Object.entries(cassette.models ?? {}).map(([model, alias], k) => ({
    cassette: loaded,
    index: cassette.interactions.length + k,
    interaction: { id: `model:${model}`, match: alias.provider ? { model, provider: alias.provider } : { model }, reply: alias.reply ?? {} },
    label: `model:${model}`,
  }));
  return loaded;
}

/** `cassette#interaction` as shown in headers, logs and summaries. */
export function entryRef(entry: IndexedInteraction): string {
  return `${entry.cassette.name}#${entry.label}`;
}
