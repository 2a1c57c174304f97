import type { Conversation } from './conversation.js';

/** What templates can refer to. */
export interface TemplateContext {
  conversation: Conversation;
  /** The model the request names (empty when it names none). */
  model: string;
  /** The parsed request body. */
  body: unknown;
}

/** The placeholders {@link renderTemplate} knows; anything else in braces is left alone. */
const PLACEHOLDER = /\{\{\s*(last_user_message|system|model|message_count|body(?:(?:\.[^\s.{}[\]]+)|(?:\[\d+\]))*)\s*\}\}/g;

export interface TemplateOptions {
  /** Escape inserted values for the inside of a JSON string literal (used for tool-call argument strings). */
  jsonString?: boolean;
}

/**
 * Placeholders in reply `text`, `reasoning`, `refusal`, explicit chunks and tool-call arguments:
 * - `{{last_user_message}}` — content of the last user message ('' if none);
 * - `{{system}}` — the system prompt ('' if none);
 * - `{{model}}` — the requested model;
 * - `{{message_count}}` — number of conversation messages, the system prompt not counted;
 * - `{{body.a.b.0.c}}` — a field of the request body by dot path (array indices as numbers;
 *   `body.messages[0].content` works too). Strings insert as-is, other values as compact JSON,
 *   a missing field as ''.
 * Whitespace inside the braces is allowed (`{{ model }}`). Any other `{{…}}` is left
 * untouched, so literal braces in replies survive.
 */
export function renderTemplate(template: string, ctx: TemplateContext, options: TemplateOptions = {}): string {
  if (!template.includes('{{')) return template;
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = lookup(name, ctx);
    return options.jsonString ? JSON.stringify(value).slice(1, -1) : value;
  });
}

/** Renders every string inside a JSON value (object keys untouched). */
export function renderTemplateDeep(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') return renderTemplate(value, ctx);
  if (Array.isArray(value)) return value.map((v) => renderTemplateDeep(v, ctx));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, renderTemplateDeep(v, ctx)]));
  return value;
}

function lookup(name: string, ctx: TemplateContext): string {
  switch (name) {
    case 'last_user_message':
      return ctx.conversation.lastUserMessage ?? '';
    case 'system':
      return ctx.conversation.system ?? '';
    case 'model':
      return ctx.model;
    case 'message_count':
      return String(ctx.conversation.messages.filter((m) => m.role !== 'system').length);
    default:
      return bodyField(ctx.body, name.replace(/\[(\d+)\]/g, '.$1').split('.').slice(1));
  }
}

function bodyField(body: unknown, path: string[]): string {
  let cur: unknown = body;
  for (const key of path) {
    // Own properties only: `{{body.constructor}}` is the body's field, never Object.prototype's.
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return '';
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur === undefined) return '';
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}
