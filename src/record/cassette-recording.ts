import { performance } from 'node:perf_hooks';
import type { Cassette, RecordedInteraction } from '../cassette/types.js';
import type { KeyOptions } from '../match/request-key.js';
import { requestKey } from '../match/request-key.js';
import type { RecordMode } from '../modes.js';
import type { Scrubber } from '../redact/scrubber.js';
import type { Logger } from '../util/logger.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import { mergeCassette, type SessionRecording } from './cassette-merge.js';
import { CassetteText } from './cassette-text.js';
import { redactRequest, redactResponse } from './stored-redaction.js';

/** One forwarded request's place in its cassette, reserved when the request starts. */
export interface RecordingSlot {
  readonly exchangeId: number;
  key: string;
  readonly occurrence: number;
  state: 'pending' | 'recorded' | 'failed';
  interaction?: RecordedInteraction;
  /** Builds the interaction (decode, redact) when the writer gets to it. */
  build?: () => RecordedInteraction;
  /**
   * Scrubber generation the interaction was redacted with: taken when the request was
   * normalized (reserve), so a secret learned later gets it redacted again.
   */
  generation: number;
  /** Already counted in stats.recorded. */
  counted: boolean;
}

export interface CassetteRecordingDeps {
  name: string;
  file: string;
  base: Cassette;
  baseKeys: readonly (string | undefined)[];
  mode: RecordMode;
  scrubber: Scrubber;
  keyOptions: KeyOptions;
  logger: Logger;
  /** New recordings reached the cassette (written, or already there byte for byte). */
  countRecorded(n: number): void;
  /** Puts the written cassette into the in-memory library (re-indexes it: O(size)). */
  refreshLibrary(cassette: Cassette, text: string): void;
  /** performance.now() when a request to any cassette was last forwarded or finished. */
  lastActivityAt(): number;
}

/**
 * How long a write took, start to finish (build, print, encode, fsync, library refresh),
 * × this is the pause before the next one: a cassette growing under heavy load is written
 * in batches and its writer never holds more than ~1/(1+factor) of the proxy's time (or
 * of the disk); under light load every recording is written at once.
 */
const WRITE_COST_FACTOR = 5;
/** However busy, a recording reaches the disk within this long. */
const MAX_WRITE_INTERVAL_MS = 1000;
/**
 * A write waits for a lull in traffic: no request forwarded or finished for this long.
 * Printing and writing a cassette takes the event loop for a while; done in a lull it
 * does not hold up a request that follows the last one at once (a test suite's next call,
 * a stream's first byte). Bounded by MAX_WRITE_INTERVAL_MS when the traffic never pauses.
 */
const QUIET_MS = 20;
/**
 * Re-indexing a cassette in the library costs O(its size); under heavy load it follows
 * the writes at most at this multiple of its own cost (and always when the session ends).
 * A session never replays its own new recordings (its sequence cursors are past them),
 * so only status and listings lag, briefly.
 */
const REFRESH_COST_FACTOR = 10;

/**
 * The session's recordings for one cassette, and its single writer. Slots are reserved in
 * request-start order, so the file order never depends on which stream finished first.
 * Writes are serialized and coalesced: at most one in flight, and every completion that
 * lands meanwhile is folded into one follow-up write of the latest state.
 */
export class CassetteRecording {
  readonly name: string;
  readonly file: string;
  readonly #deps: CassetteRecordingDeps;
  readonly #slots: RecordingSlot[] = [];
  readonly #occurrences = new Map<string, number>();
  #dirty = false;
  #loop: Promise<void> | undefined;
  /** Text of the last write; undefined until this session wrote the file. */
  #lastText: string | undefined;
  /** The last write failed (disk full, permissions): finish() tries once more. */
  #writeFailed = false;
  readonly #text = new CassetteText();
  /** performance.now() before which the next write does not start (see WRITE_COST_FACTOR). */
  #nextWriteAt = 0;
  /** performance.now() of the oldest completion not yet written (MAX_WRITE_INTERVAL_MS counts from it). */
  #pendingSince: number | undefined;
  /** finish(): write now, whatever the traffic. */
  #flushing = false;
  #wake: (() => void) | undefined;
  /** Written but not yet in the library (see REFRESH_COST_FACTOR). */
  #unrefreshed: { cassette: Cassette; text: string } | undefined;
  #nextRefreshAt = 0;

  constructor(deps: CassetteRecordingDeps) {
    this.#deps = deps;
    this.name = deps.name;
    this.file = deps.file;
  }

  reserve(exchangeId: number, key: string): RecordingSlot {
    const occurrence = this.#occurrences.get(key) ?? 0;
    this.#occurrences.set(key, occurrence + 1);
    const slot: RecordingSlot = { exchangeId, key, occurrence, state: 'pending', generation: this.#deps.scrubber.generation, counted: false };
    // Requests are forwarded in exchange-id order, so this is an append; the search only
    // guards the invariant the file order relies on.
    let at = this.#slots.length;
    while (at > 0 && this.#slots[at - 1]!.exchangeId > exchangeId) at--;
    this.#slots.splice(at, 0, slot);
    return slot;
  }

  /**
   * The exchange is over. Building its interaction (decoding every event, redacting) is
   * left to the writer: it runs off the request path, paced with the writes, and with the
   * latest scrubber — every secret seen so far, not just the ones seen until now.
   */
  complete(slot: RecordingSlot, build: () => RecordedInteraction): void {
    slot.state = 'recorded';
    slot.build = build;
    this.#schedule();
  }

  fail(slot: RecordingSlot): void {
    slot.state = 'failed';
  }

  /**
   * Waits for pending writes (cutting their pacing pause short) and retries one that
   * failed; in `all` mode, then writes the final replacement — unless nothing at all was
   * recorded into this cassette (an upstream that was down the whole session must not
   * cost the cassette its old recordings).
   */
  async finish(): Promise<void> {
    this.#nextWriteAt = 0;
    this.#flushing = true;
    this.#wake?.();
    await this.#loop;
    const final = this.#deps.mode === 'all' && this.#slots.some((s) => s.state === 'recorded');
    if (final || this.#writeFailed) await this.#write(final);
    this.#refresh(true);
  }

  #schedule(): void {
    this.#pendingSince ??= performance.now();
    this.#dirty = true;
    this.#loop ??= this.#drain().finally(() => (this.#loop = undefined));
  }

  async #drain(): Promise<void> {
    while (this.#dirty) {
      await this.#pause();
      this.#dirty = false;
      this.#pendingSince = undefined;
      await this.#write(false);
    }
  }

  /**
   * At least one turn of the event loop (pending socket I/O first: a write never holds
   * back bytes on their way to a client), longer when the last write was costly, and
   * until traffic pauses (QUIET_MS) — but never past MAX_WRITE_INTERVAL_MS.
   */
  async #pause(): Promise<void> {
    await this.#sleep(this.#due() - performance.now());
    // Traffic seen meanwhile moves the lull further out (up to the bound).
    for (let wait = this.#due() - performance.now(); wait >= 1; wait = this.#due() - performance.now()) await this.#sleep(wait);
  }

  #due(): number {
    if (this.#flushing) return 0;
    const latest = (this.#pendingSince ?? performance.now()) + MAX_WRITE_INTERVAL_MS;
    return Math.min(latest, Math.max(this.#nextWriteAt, this.#deps.lastActivityAt() + QUIET_MS));
  }

  #sleep(wait: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = wait >= 1 ? setTimeout(done, wait) : undefined;
      if (!timer) setImmediate(done);
      else this.#wake = done;
    });
  }

  async #write(final: boolean): Promise<void> {
    const d = this.#deps;
    const started = performance.now();
    this.#buildPending();
    this.#rescrubStale();
    const recordings: SessionRecording[] = [];
    const failed: { key: string; occurrence: number }[] = [];
    const uncounted: RecordingSlot[] = [];
    for (const s of this.#slots) {
      if (s.state === 'recorded') {
        recordings.push({ key: s.key, occurrence: s.occurrence, interaction: s.interaction! });
        if (!s.counted) uncounted.push(s);
      } else if (s.state === 'failed' || final) failed.push({ key: s.key, occurrence: s.occurrence });
    }
    const merged = mergeCassette({ base: d.base, baseKeys: d.baseKeys, recordings, failed, mode: d.mode, final });
    let text: string | undefined;
    if (merged !== d.base || this.#lastText !== undefined) {
      text = this.#text.render(merged);
      if (text !== this.#lastText) {
        try {
          await writeFileAtomic(this.file, text);
          this.#lastText = text;
          this.#writeFailed = false;
        } catch (e) {
          this.#writeFailed = true;
          d.logger.error(`${(e as Error).message}; the recordings stay in memory and the next write retries`);
          return;
        }
      } else text = undefined;
    }
    // Only what this write held: completions that landed during the write come next time.
    for (const s of uncounted) s.counted = true;
    d.countRecorded(uncounted.length);
    if (text !== undefined) this.#unrefreshed = { cassette: merged, text };
    this.#refresh(false);
    const took = performance.now() - started;
    this.#nextWriteAt = performance.now() + Math.min(MAX_WRITE_INTERVAL_MS, WRITE_COST_FACTOR * took);
  }

  #refresh(now: boolean): void {
    const pending = this.#unrefreshed;
    if (!pending || (!now && performance.now() < this.#nextRefreshAt)) return;
    const started = performance.now();
    this.#deps.refreshLibrary(pending.cassette, pending.text);
    this.#unrefreshed = undefined;
    this.#nextRefreshAt = performance.now() + REFRESH_COST_FACTOR * (performance.now() - started);
  }

  #buildPending(): void {
    for (const s of this.#slots) {
      if (s.build === undefined) continue;
      s.interaction = s.build();
      s.build = undefined;
    }
  }

  /**
   * A secret first seen after an interaction was built (a key sent only by a later
   * request) must not reach the file either: interactions redacted with an older
   * scrubber generation are redacted again, and their key recomputed.
   */
  #rescrubStale(): void {
    const { scrubber, keyOptions } = this.#deps;
    const generation = scrubber.generation;
    for (const s of this.#slots) {
      if (s.state !== 'recorded' || s.generation === generation) continue;
      const old = s.interaction!;
      const request = redactRequest(old.request, scrubber);
      const key = requestKey(request, keyOptions);
      s.interaction = { ...old, key, request, response: redactResponse(old.response, scrubber) };
      s.key = key;
      s.generation = generation;
    }
  }
}
