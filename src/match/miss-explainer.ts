import { bodyAsJson } from '../cassette/body-codec.js';
import { isHandWritten, type StoredRequest } from '../cassette/types.js';
import { diffJson, preview } from '../util/json-pointer.js';
import { entryRef, type IndexedInteraction } from '../store/loaded-cassette.js';
import { matchView, type KeyOptions } from './request-key.js';

export interface NearMiss {
  entry: IndexedInteraction;
  /** One line per difference: `/messages/2/content: "hi" vs "hello"` (request value first). */
  differences: string[];
}

/** A hand-written rule that almost matched, with the conditions that failed. */
export interface NearRule {
  entry: IndexedInteraction;
  failed: string[];
}

export interface MissExplanation {
  closest?: NearMiss;
  rules: NearRule[];
  /** The full message for the error body and the log. */
  message: string;
}

/**
 * Why a request matched nothing: the closest recorded request in scope and the JSON
 * pointers where they differ. Runs only on a miss, so a linear scan is fine.
 */
export function explainMiss(
  request: StoredRequest,
  candidates: IndexedInteraction[],
  keyOptions: KeyOptions,
  context: { scope?: string; reason: string; rules?: NearRule[] },
): MissExplanation {
  const mine = matchView(request, keyOptions);
  let best: { entry: IndexedInteraction; score: number; diffs: string[] } | undefined;
  for (const entry of candidates) {
    if (isHandWritten(entry.interaction)) continue;
    const theirs = matchView(entry.interaction.request, keyOptions);
    const diffs = describeDifferences(mine, theirs);
    // Same method and path dominate: a body diff on the right endpoint beats any other endpoint.
    const sameEndpoint = mine.method === theirs.method && mine.path === theirs.path;
    const score = (sameEndpoint ? 0 : 1000) + diffs.length;
    if (!best || score < best.score) best = { entry, score, diffs };
  }
  const where = context.scope ? `cassette "${context.scope}"` : 'any cassette';
  const head = `mockllm: no recorded interaction in ${where} matches ${request.method} ${request.path} (${context.reason})`;
  const parts = [head];
  let closest: NearMiss | undefined;
  if (best) {
    closest = { entry: best.entry, differences: best.diffs };
    const body = bodyAsJson(request.body) === undefined && request.body ? ' (request body is not JSON)' : '';
    parts.push(`closest: ${entryRef(best.entry)}, which differs at ${best.diffs.length > 0 ? best.diffs.join('; ') : 'nothing visible (sequence exhausted)'}${body}`);
  } else {
    parts.push(`the ${context.scope ? 'cassette' : 'cassette directory'} holds no recorded interactions`);
  }
  const rules = context.rules ?? [];
  if (rules.length > 0)
    parts.push(`hand-written rules that almost matched: ${rules.map((r) => `${entryRef(r.entry)} (${r.failed.join('; ')})`).join(', ')}`);
  parts.push('record it with `mockllm record`, or add a hand-written interaction (docs/authoring.md)');
  return { ...(closest ? { closest } : {}), rules, message: parts.join('. ') };
}

/**
 * Body differences are named by their pointer inside the body (`/messages/2/content`), the
 * rest by what they are (`path`, `query/x`), request value first.
 */
function describeDifferences(mine: Record<string, unknown>, theirs: Record<string, unknown>): string[] {
  const { body: myBody, ...myHead } = mine;
  const { body: theirBody, ...theirHead } = theirs;
  const head = diffJson(myHead, theirHead, 6).map((d) => `${d.pointer.slice(1)}: ${preview(d.left)} vs ${preview(d.right)}`);
  const body = diffJson(myBody, theirBody, 12).map((d) => `${d.pointer === '/' ? 'body' : d.pointer}: ${preview(d.left)} vs ${preview(d.right)}`);
  return [...head, ...body];
}
