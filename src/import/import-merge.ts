import type { Cassette, Interaction } from '../cassette/types.js';
import { isHandWritten } from '../cassette/types.js';
import { requestKey } from '../match/request-key.js';

export type ImportMode = 'merge' | 'replace';

/** What one input file contributed, as `meta.imported` records it. */
export interface ImportedSourceMeta {
  format: string;
  /** The file's base name (never a machine-specific path: same input, same bytes). */
  file: string;
  interactions: number;
  timing: string;
}

export interface ImportMergeInput {
  base: Cassette;
  imported: readonly Interaction[];
  mode: ImportMode;
  /** Id prefixes of the files imported now (`har:session.har#`): their earlier import is "the imported part". */
  prefixes: readonly string[];
  sources: readonly ImportedSourceMeta[];
}

/**
 * Where imported interactions go in a cassette (pure).
 *
 * - `merge` (default): an earlier interaction with the same request key (a recording, or
 *   an earlier import) or the same id (the same entry of the same file imported before)
 *   is replaced; the rest stays.
 * - `replace`: first, everything an earlier import of these files brought (ids starting
 *   with `FORMAT:FILE#`) goes, whatever its key; then as `merge`.
 *
 * The imported interactions stay together in file order, placed where the first
 * interaction they replace was, or appended — so importing the same file twice gives the
 * same cassette, byte for byte. Recordings and hand-written interactions of other origins
 * are never touched unless their key (recorded) or id equals an imported one.
 */
export function mergeImport(input: ImportMergeInput): { cassette: Cassette; replaced: number } {
  const keys = new Set<string>();
  const ids = new Set<string>();
  for (const i of input.imported) {
    if (i.id !== undefined) ids.add(i.id);
    if (!isHandWritten(i) && i.key !== undefined) keys.add(i.key);
  }
  const kept: Interaction[] = [];
  let insertAt: number | undefined;
  for (const i of input.base.interactions) {
    const ownPart = input.mode === 'replace' && i.id !== undefined && input.prefixes.some((p) => i.id!.startsWith(p));
    const sameId = i.id !== undefined && ids.has(i.id);
    const sameKey = !isHandWritten(i) && keys.has(requestKey(i.request));
    if (ownPart || sameId || sameKey) insertAt ??= kept.length;
    else kept.push(i);
  }
  const at = insertAt ?? kept.length;
  const interactions = [...kept.slice(0, at), ...input.imported, ...kept.slice(at)];
  const cassette: Cassette = { ...input.base, interactions };
  if (input.sources.length > 0) cassette.meta = { ...input.base.meta, imported: importedMeta(input.base.meta?.imported, input.sources) };
  return { cassette, replaced: input.base.interactions.length - kept.length };
}

/** `meta.imported`, one entry per `format:file`, in sorted order (whatever order files were imported in). */
function importedMeta(previous: unknown, sources: readonly ImportedSourceMeta[]): Record<string, ImportedSourceMeta> {
  const all: Record<string, unknown> = previous !== null && typeof previous === 'object' && !Array.isArray(previous) ? { ...(previous as Record<string, unknown>) } : {};
  for (const s of sources) all[`${s.format}:${s.file}`] = s;
  const out: Record<string, ImportedSourceMeta> = {};
  for (const k of Object.keys(all).sort()) out[k] = all[k] as ImportedSourceMeta;
  return out;
}
