import { performance } from 'node:perf_hooks';
import type { RecordedInteraction } from '../cassette/types.js';
import type { KeyOptions } from '../match/request-key.js';
import type { RecordMode } from '../modes.js';
import type { Scrubber } from '../redact/scrubber.js';
import type { ServerStats } from '../server/server-stats.js';
import { cassettePath } from '../store/cassette-files.js';
import type { CassetteLibrary } from '../store/cassette-library.js';
import type { Logger } from '../util/logger.js';
import { CassetteRecording, type RecordingSlot } from './cassette-recording.js';
import { newCassette } from './new-cassette.js';

export interface RecordingSessionDeps {
  library: CassetteLibrary;
  stats: ServerStats;
  scrubber: Scrubber;
  keyOptions: KeyOptions;
  logger: Logger;
  mode: RecordMode;
  /** `meta.upstream` of new cassettes: the origin only. */
  upstreamOrigin: string;
  now?: () => Date;
}

/** A reserved place for one forwarded request in one cassette. */
export interface SessionSlot {
  cassette: CassetteRecording;
  slot: RecordingSlot;
}

/**
 * Everything one record server records, cassette by cassette. A cassette's starting
 * point is taken the first time a request goes to it: the loaded file, or a new skeleton
 * (`$schema`, `version`, `meta.created`, `meta.upstream`). Writes refresh the in-memory
 * library (paced under heavy load, always at the end), so status, listings and a later
 * scope see what was just recorded.
 */
export class RecordingSession {
  readonly #deps: RecordingSessionDeps;
  readonly #cassettes = new Map<string, CassetteRecording>();
  /** performance.now() of the last reserve, complete or fail: writers wait for a lull after it. */
  #lastActivityAt = 0;

  constructor(deps: RecordingSessionDeps) {
    this.#deps = deps;
  }

  /** Called when a request is forwarded (request-start order): its place in the file. */
  reserve(cassetteName: string, exchangeId: number, key: string): SessionSlot {
    this.#lastActivityAt = performance.now();
    const cassette = this.#cassette(cassetteName);
    return { cassette, slot: cassette.reserve(exchangeId, key) };
  }

  /** The exchange is over: `build` makes its interaction when the writer gets to it. */
  complete(s: SessionSlot, build: () => RecordedInteraction): void {
    this.#lastActivityAt = performance.now();
    s.cassette.complete(s.slot, build);
  }

  /** Nothing to record (upstream unreachable, body cut, shutdown). In `all` mode the old recording stays. */
  fail(s: SessionSlot): void {
    this.#lastActivityAt = performance.now();
    s.cassette.fail(s.slot);
  }

  /** Finishes every pending write, then `all` mode's replacements. */
  async close(): Promise<void> {
    await Promise.all([...this.#cassettes.values()].map((c) => c.finish()));
  }

  #cassette(name: string): CassetteRecording {
    const existing = this.#cassettes.get(name);
    if (existing) return existing;
    const d = this.#deps;
    const loaded = d.library.index.cassette(name);
    const file = loaded?.file ?? cassettePath(d.library.dir, name);
    const recording = new CassetteRecording({
      name,
      file,
      base: loaded?.cassette ?? newCassette(file, d.upstreamOrigin, (d.now ?? (() => new Date()))()),
      baseKeys: loaded?.entries.map((e) => e.key) ?? [],
      mode: d.mode,
      scrubber: d.scrubber,
      keyOptions: d.keyOptions,
      logger: d.logger,
      countRecorded: (n) => (d.stats.recorded += n),
      refreshLibrary: (cassette, text) => void d.library.put(name, file, cassette, text),
      lastActivityAt: () => this.#lastActivityAt,
    });
    this.#cassettes.set(name, recording);
    return recording;
  }
}
