/**
 * Splits reply text into stream chunks and gives each its arrival offset. Pure and fully
 * deterministic: the same text and options always give the same plan.
 *
 * Splitting never cuts inside a UTF-16 surrogate pair, a grapheme cluster (ZWJ emoji,
 * skin tones, flags, combining marks — `Intl.Segmenter`, granularity `grapheme`), a literal
 * backslash escape written in the text (`\n`, `\"`, `\u00e9`, `\x41`), or an ANSI escape
 * sequence (`ESC [ … m`).
 */

/** How text is cut into chunks. */
export type Chunking = 'token' | 'word' | 'char' | 'whole' | string[];

export interface ChunkPlanOptions {
  /** Default `'token'`. */
  chunking?: Chunking;
  /** Offset of the first chunk in ms. Default {@link DEFAULT_TTFT_MS} (0). */
  ttft_ms?: number;
  /**
   * Pace after the first chunk: each later chunk arrives `tokens × 1000 / tokens_per_second`
   * ms after the previous one, with tokens estimated as ceil(characters / 4). Absent = no
   * pacing: every chunk at `ttft_ms`.
   */
  tokens_per_second?: number;
  /** Extra ms before the chunk with that (0-based) index, e.g. `{"3": 500}`. */
  pauses?: Record<string, number>;
}

export interface PlannedChunk {
  text: string;
  /** ms from the request start (rounded to whole ms). */
  t: number;
}

/** First chunk offset when `ttft_ms` is not given. */
export const DEFAULT_TTFT_MS = 0;
/** Characters (code points) per estimated token — also the size of a `token` chunk. */
export const CHARS_PER_TOKEN = 4;

/** Splits `text` and paces the pieces: see {@link splitText} and {@link paceChunks}. */
export function planChunks(text: string, options: ChunkPlanOptions = {}): PlannedChunk[] {
  return paceChunks(splitText(text, options.chunking ?? 'token'), options);
}

/** Number of Unicode code points (what "characters" means throughout this module). */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Estimated tokens of one chunk: ceil(code points / 4), at least 1 for a non-empty chunk. */
export function chunkTokens(text: string): number {
  return text === '' ? 0 : Math.max(1, Math.ceil(codePoints(text) / CHARS_PER_TOKEN));
}

/**
 * Cuts text into pieces that concatenate back to it:
 * - `token`: greedy runs of whole units until a piece has ≥ 4 code points (≈ one token);
 * - `word`: one word per piece, leading whitespace attached (`"Hello"`, `" world"`); trailing
 *   whitespace joins the last piece;
 * - `char`: one unit (grapheme cluster or escape) per piece;
 * - `whole`: the entire text as one piece;
 * - a list: exactly those pieces (validation checks they concatenate to the text).
 * Empty text gives no pieces.
 */
export function splitText(text: string, chunking: Chunking): string[] {
  if (Array.isArray(chunking)) return chunking.filter((p) => p !== '');
  if (text === '') return [];
  switch (chunking) {
    case 'whole':
      return [text];
    case 'char':
      return units(text);
    case 'word':
      return words(text);
    default:
      return tokens(text);
  }
}

/**
 * Assigns offsets: piece 0 at `ttft_ms`; piece i at piece i−1's offset plus
 * `chunkTokens(piece i) × 1000 / tokens_per_second`; `pauses[i]` ms are added before piece i
 * (and so shift every later piece). Offsets are rounded from the exact running total, so
 * rounding never accumulates.
 */
export function paceChunks(pieces: readonly string[], options: ChunkPlanOptions = {}): PlannedChunk[] {
  const msPerToken = options.tokens_per_second ? 1000 / options.tokens_per_second : 0;
  let at = options.ttft_ms ?? DEFAULT_TTFT_MS;
  return pieces.map((text, i) => {
    if (i > 0) at += chunkTokens(text) * msPerToken;
    at += pauseBefore(options.pauses, i);
    return { text, t: Math.round(at) };
  });
}

function pauseBefore(pauses: Record<string, number> | undefined, index: number): number {
  const ms = pauses?.[String(index)];
  return typeof ms === 'number' && ms > 0 ? ms : 0;
}

let segmenter: Intl.Segmenter | undefined;

/** A literal backslash escape or an ANSI CSI sequence at the start of a string. */
const ESCAPE = /^(?:\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\[\s\S]|\u001b\[[0-?]*[ -/]*[@-~])/;

/** The indivisible units of a text: grapheme clusters, with escape sequences kept whole. */
export function units(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const graphemes = Array.from(segmenter.segment(text), (s) => s.segment);
  const out: string[] = [];
  for (let i = 0; i < graphemes.length; i++) {
    const g = graphemes[i]!;
    if (g !== '\\' && g !== '\u001b') {
      out.push(g);
      continue;
    }
    // Look ahead a few graphemes (escapes are at most 6 code units) and take the escape whole.
    const ahead = graphemes.slice(i, i + 16).join('');
    const m = ESCAPE.exec(ahead);
    if (!m) {
      out.push(g);
      continue;
    }
    let unit = g;
    while (unit.length < m[0].length && i + 1 < graphemes.length) unit += graphemes[++i]!;
    out.push(unit);
  }
  return out;
}

function tokens(text: string): string[] {
  const out: string[] = [];
  let piece = '';
  let size = 0;
  for (const unit of units(text)) {
    piece += unit;
    size += codePoints(unit);
    if (size >= CHARS_PER_TOKEN) {
      out.push(piece);
      piece = '';
      size = 0;
    }
  }
  if (piece !== '') out.push(piece);
  return out;
}

const WHITESPACE = /^\s+$/u;

function words(text: string): string[] {
  const out: string[] = [];
  let piece = '';
  let inWord = false;
  for (const unit of units(text)) {
    const space = WHITESPACE.test(unit);
    // A word ends where whitespace starts; that whitespace leads the next word.
    if (space && inWord) {
      out.push(piece);
      piece = '';
      inWord = false;
    }
    piece += unit;
    if (!space) inWord = true;
  }
  if (piece !== '') {
    if (!inWord && out.length > 0) out[out.length - 1] += piece;
    else out.push(piece);
  }
  return out;
}
