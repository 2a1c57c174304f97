import type { Cassette, Interaction, StoredResponse, StoredRequest, StoredStream } from './types.js';

/**
 * The one way a cassette becomes text: fixed key order for mockllm's own fields (body
 * JSON keeps its recorded order, which is part of its bytes), 2-space indent, one line per
 * stream event, number arrays on one line, trailing newline. Same cassette → same bytes.
 */
export function serializeCassette(cassette: Cassette): string {
  return `${print(ordered(cassette), '')}\n`;
}

const TOP_ORDER = ['$schema', 'version', 'name', 'meta', 'models', 'interactions'];
const INTERACTION_ORDER = ['id', 'note', 'key', 'match', 'request', 'reply', 'response'];
const REQUEST_ORDER = ['method', 'path', 'query', 'headers', 'body'];
const RESPONSE_ORDER = ['status', 'headers', 'timing', 'body', 'stream'];
const STREAM_ORDER = ['framing', 'ending', 'tail', 'tail_base64', 'events'];
const EVENT_ORDER = ['t', 'event', 'data', 'text', 'raw', 'base64'];
const BODY_ORDER = ['indent', 'newline', 'json', 'text', 'base64'];

function pick(obj: object, order: readonly string[]): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of order) if (src[k] !== undefined) out[k] = src[k];
  // Unknown keys (a newer format) are kept after the known ones, in their own order.
  for (const k of Object.keys(src)) if (!(k in out) && src[k] !== undefined) out[k] = src[k];
  return out;
}

function ordered(c: Cassette): Record<string, unknown> {
  const top = pick(c, TOP_ORDER);
  top.interactions = c.interactions.map(orderedInteraction);
  return top;
}

function orderedInteraction(i: Interaction): Record<string, unknown> {
  const out = pick(i, INTERACTION_ORDER);
  if ('request' in i && i.request) out.request = orderedRequest(i.request);
  if ('response' in i && i.response) out.response = orderedResponse(i.response);
  return out;
}

function orderedRequest(r: StoredRequest): Record<string, unknown> {
  const out = pick(r, REQUEST_ORDER);
  if (r.headers) out.headers = sortedKeys(r.headers);
  if (r.body) out.body = pick(r.body, BODY_ORDER);
  return out;
}

function orderedResponse(r: StoredResponse): Record<string, unknown> {
  const out = pick(r, RESPONSE_ORDER);
  if (r.headers) out.headers = sortedKeys(r.headers);
  if (r.body) out.body = pick(r.body, BODY_ORDER);
  if (r.stream) out.stream = orderedStream(r.stream);
  return out;
}

function orderedStream(s: StoredStream): Record<string, unknown> {
  const out = pick(s, STREAM_ORDER);
  out.events = s.events.map((e) => new OneLine(pick(e, EVENT_ORDER)));
  return out;
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** Marks a value printed compactly on one line. */
class OneLine {
  constructor(readonly value: unknown) {}
}

function print(value: unknown, indent: string): string {
  if (value instanceof OneLine) return JSON.stringify(value.value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v === 'number')) return JSON.stringify(value);
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + print(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
