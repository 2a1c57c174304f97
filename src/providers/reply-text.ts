import { bodyAsJson } from '../cassette/body-codec.js';
import type { StoredEvent, StoredResponse } from '../cassette/types.js';
import { asRecord } from './request-fields.js';

/**
 * The text a response carries, assembled from whichever provider shape it has — for
 * transcripts (`mockllm show`), not for replay. Unknown shapes contribute nothing.
 */
export function replyText(response: StoredResponse): string {
  if (response.stream) return response.stream.events.map((e) => textOf(eventJson(e))).join('');
  return textOf(bodyAsJson(response.body), true);
}

/** The JSON payload of a stored event, whatever its stored form. */
export function eventJson(e: StoredEvent): unknown {
  if (e.data !== undefined) return e.data;
  const raw = e.raw ?? e.text;
  if (raw === undefined) return undefined;
  const dataLines = raw
    .split(/\r\n|\r|\n/)
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).replace(/^ /, ''));
  const payload = dataLines.length > 0 ? dataLines.join('\n') : raw;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

function textOf(v: unknown, whole = false): string {
  const o = asRecord(v);
  if (!o) return '';
  // OpenAI chat (delta or message), legacy completions
  const choices = Array.isArray(o.choices) ? o.choices : undefined;
  if (choices) {
    return choices
      .map((c) => {
        const cr = asRecord(c);
        const delta = asRecord(cr?.delta) ?? asRecord(cr?.message);
        return str(delta?.content) + str(cr?.text);
      })
      .join('');
  }
  // OpenAI responses stream
  if (o.type === 'response.output_text.delta') return str(o.delta);
  // Anthropic stream
  if (o.type === 'content_block_delta') return str(asRecord(o.delta)?.text);
  // Ollama
  const message = asRecord(o.message);
  if (message && typeof message.content === 'string') return message.content;
  if (typeof o.response === 'string') return o.response;
  // Gemini
  if (Array.isArray(o.candidates)) {
    return o.candidates
      .map((c) => {
        const parts = asRecord(asRecord(c)?.content)?.parts;
        return Array.isArray(parts) ? parts.map((p) => str(asRecord(p)?.text)).join('') : '';
      })
      .join('');
  }
  if (whole) {
    // Anthropic message / OpenAI response objects
    if (Array.isArray(o.content)) return o.content.map((b) => str(asRecord(b)?.text)).join('');
    if (Array.isArray(o.output))
      return o.output
        .map((item) => {
          const content = asRecord(item)?.content;
          return Array.isArray(content) ? content.map((c) => str(asRecord(c)?.text)).join('') : '';
        })
        .join('');
  }
  return '';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
