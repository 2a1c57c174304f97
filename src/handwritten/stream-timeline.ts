import { paceChunks, splitText, type ChunkPlanOptions, type Chunking, type PlannedChunk } from './chunk-planner.js';

/** The generated parts of a reply, in the order a model emits them. */
export interface TimelineParts {
  reasoning?: string;
  text?: string;
  /** Explicit pieces for `text` (from a `chunking` list); other parts use token chunking then. */
  textPieces?: string[];
  refusal?: string;
  toolCalls: Array<{ name: string; arguments: string }>;
}

/** When each piece of each part arrives. */
export interface Timeline {
  reasoning: PlannedChunk[];
  text: PlannedChunk[];
  refusal: PlannedChunk[];
  /** Per tool call: when its start (id + name) arrives, and its argument fragments. */
  tools: Array<{ t: number; args: PlannedChunk[] }>;
  /** Offset of the first content piece (ttft), or of the would-be first piece when there is none. */
  first: number;
  /** Offset of the last content piece (= `first` when there is none). */
  end: number;
}

/**
 * One timeline for the whole reply: pieces are paced as one sequence — reasoning, then
 * text, then refusal, then for each tool call its start (counted as a piece carrying the
 * tool name) followed by its argument fragments. `pauses` indexes count over that whole
 * sequence (for a text-only reply: the text chunks). A `chunking` list applies to `text`;
 * the other parts then use `token` chunking.
 */
export function planTimeline(parts: TimelineParts, options: ChunkPlanOptions): Timeline {
  const chunking: Chunking = options.chunking ?? 'token';
  const other: Chunking = Array.isArray(chunking) ? 'token' : chunking;
  const sections: string[][] = [
    splitText(parts.reasoning ?? '', other),
    parts.textPieces ?? splitText(parts.text ?? '', chunking),
    splitText(parts.refusal ?? '', other),
  ];
  for (const call of parts.toolCalls) {
    sections.push([call.name]);
    sections.push(splitText(call.arguments, other));
  }
  const paced = paceChunks(sections.flat(), options);
  let cursor = 0;
  const take = (n: number): PlannedChunk[] => paced.slice(cursor, (cursor += n));
  const reasoning = take(sections[0]!.length);
  const text = take(sections[1]!.length);
  const refusal = take(sections[2]!.length);
  const tools: Timeline['tools'] = parts.toolCalls.map((_, i) => {
    const start = take(1)[0]!;
    return { t: start.t, args: take(sections[4 + i * 2]!.length) };
  });
  const first = paced[0]?.t ?? paceChunks([''], options)[0]!.t;
  return { reasoning, text, refusal, tools, first, end: paced[paced.length - 1]?.t ?? first };
}
