import { encodeBody } from '../cassette/body-codec.js';
import type { Cassette, Interaction, RecordedInteraction, StoredResponse } from '../cassette/types.js';
import { isHandWritten } from '../cassette/types.js';
import { encodeEvent } from '../framing/event-codec.js';
import type { RecordMode } from '../modes.js';

/** One exchange recorded in this session, in request-start order. */
export interface SessionRecording {
  key: string;
  /** How many earlier requests of this session had the same key in this cassette (0-based). */
  occurrence: number;
  interaction: RecordedInteraction;
}

export interface MergeInput {
  /** The cassette as it was when the session first touched it (a fresh skeleton for a new file). */
  base: Cassette;
  /** Recomputed key of each base interaction (undefined for hand-written ones), same indexes. */
  baseKeys: readonly (string | undefined)[];
  /** Completed recordings, ordered by request start. */
  recordings: readonly SessionRecording[];
  /** `all` mode: requests whose forward failed (key + occurrence); their old recording is kept. */
  failed: readonly { key: string; occurrence: number }[];
  mode: RecordMode;
  /** `all` mode: the session ended, so old recordings nobody re-recorded are dropped. */
  final: boolean;
}

/**
 * What a cassette holds after a recording session (pure; the writer calls it for every
 * write, the last time with `final`).
 *
 * - `missing`: the base, then the new recordings appended in request-start order.
 * - `all`: the n-th request of a key replaces the base's n-th recording of that key, in
 *   place. When its response bytes are unchanged the old interaction is kept verbatim
 *   (timings, headers, ids, notes) — so a re-record that changed nothing rewrites nothing.
 *   New recordings with no counterpart are appended. At the end, old recordings that were
 *   not re-recorded go (unless their request failed upstream). Hand-written interactions
 *   always stay where they are.
 */
export function mergeCassette(input: MergeInput): Cassette {
  const { base, recordings } = input;
  if (input.mode === 'missing') {
    if (recordings.length === 0) return base;
    return { ...base, interactions: [...base.interactions, ...recordings.map((r) => r.interaction)] };
  }

  // Where the n-th recording of each key sits in the base.
  const positions = new Map<string, number[]>();
  base.interactions.forEach((i, index) => {
    const key = input.baseKeys[index];
    if (isHandWritten(i) || key === undefined) return;
    const list = positions.get(key);
    if (list) list.push(index);
    else positions.set(key, [index]);
  });
  const slotOf = (key: string, occurrence: number) => positions.get(key)?.[occurrence];

  const replaced = new Map<number, Interaction>();
  const appended: Interaction[] = [];
  for (const r of recordings) {
    const at = slotOf(r.key, r.occurrence);
    if (at === undefined) {
      appended.push(r.interaction);
      continue;
    }
    const old = base.interactions[at] as RecordedInteraction;
    replaced.set(at, sameResponseBytes(old.response, r.interaction.response) ? old : r.interaction);
  }
  const keep = new Set<number>();
  for (const f of input.failed) {
    const at = slotOf(f.key, f.occurrence);
    if (at !== undefined) keep.add(at);
  }

  const interactions: Interaction[] = [];
  let changed = appended.length > 0;
  base.interactions.forEach((i, index) => {
    const next = replaced.get(index);
    if (next !== undefined) {
      if (next !== i) changed = true;
      interactions.push(next);
    } else if (isHandWritten(i) || !input.final || keep.has(index)) interactions.push(i);
    else changed = true;
  });
  interactions.push(...appended);
  return changed ? { ...base, interactions } : base;
}

/** Same status and the same body bytes (stream: same frames, tail and ending); headers and timings may differ. */
export function sameResponseBytes(a: StoredResponse, b: StoredResponse): boolean {
  if (a.status !== b.status) return false;
  if (a.stream || b.stream) {
    if (!a.stream || !b.stream) return false;
    const [s, t] = [a.stream, b.stream];
    if (s.framing !== t.framing || (s.ending ?? 'complete') !== (t.ending ?? 'complete') || s.tail !== t.tail || s.tail_base64 !== t.tail_base64) return false;
    if (s.events.length !== t.events.length) return false;
    return s.events.every((e, i) => encodeEvent(s.framing, e).equals(encodeEvent(t.framing, t.events[i]!)));
  }
  return encodeBody(a.body).equals(encodeBody(b.body));
}
