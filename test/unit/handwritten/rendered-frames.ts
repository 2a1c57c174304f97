/** Helpers for comparing rendered replies with the real captures (see the render-structure tests). */
import type { ReplySpec, StoredResponse, StreamFraming } from '../../../src/cassette/types.js';
import { EventSplitter } from '../../../src/framing/event-splitter.js';
import { renderReply } from '../../../src/handwritten/renderer.js';
import type { RequestView } from '../../../src/providers/provider.js';
import { detectProvider } from '../../../src/providers/registry.js';
import { planFromStored } from '../../../src/replay/plan.js';
import { loadCapture } from '../../helpers/captures.js';

export interface Rendered {
  stored: StoredResponse;
  contentType: string;
  /** Wire bytes of a non-stream body. */
  body?: string;
  /** Wire bytes of each stream frame. */
  frames: string[];
}

export function render(reply: ReplySpec, target: string, json: unknown, method = 'POST'): Rendered {
  const url = new URL(target, 'http://127.0.0.1');
  const req: RequestView = { method, path: url.pathname, query: url.searchParams, headers: {}, json };
  const stored = renderReply(reply, req, { provider: detectProvider(req), knownModels: ['m1', 'm2'] });
  const plan = planFromStored(stored);
  const out: Rendered = { stored, contentType: String(plan.headers['content-type']), frames: plan.stream?.frames.map((f) => f.bytes.toString('utf8')) ?? [] };
  if (plan.body) out.body = plan.body.toString('utf8');
  return out;
}

export function captureFrames(id: string, framing: StreamFraming): string[] {
  const splitter = new EventSplitter(framing);
  const frames = splitter.push(loadCapture(id).body).map((b) => b.toString('utf8'));
  ensure(splitter.end() === undefined, `${id} has no tail`);
  return frames;
}

function ensure(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

export function captureContentType(id: string): string {
  return String(loadCapture(id).responseHeaders['content-type']);
}

/** `{event, data}` of an SSE frame (data parsed as JSON when it is). */
export function sse(frame: string): { event?: string; data: unknown; rawData: string } {
  let event: string | undefined;
  const data: string[] = [];
  for (const line of frame.split(/\r?\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  const rawData = data.join('\n');
  let parsed: unknown = rawData;
  try {
    parsed = JSON.parse(rawData);
  } catch {
    /* [DONE] and friends */
  }
  return { event, data: parsed, rawData };
}

/** Key structure of a JSON value, order kept; arrays by their first item; leaves as '*'. */
export function shape(value: unknown, drop: string[] = []): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0], drop)];
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !drop.includes(k)).map(([k, v]) => [k, shape(v, drop)]));
  return '*';
}

export function keys(value: unknown, drop: string[] = []): string[] {
  return Object.keys(value as object).filter((k) => !drop.includes(k));
}

/** Event names with runs of the same name collapsed (delta runs differ in length). */
export function eventOrder(frames: string[]): string[] {
  const names = frames.map((f) => sse(f).event ?? '');
  return names.filter((n, i) => i === 0 || n !== names[i - 1]);
}

