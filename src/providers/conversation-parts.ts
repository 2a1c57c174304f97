import { asRecord } from './request-fields.js';

/**
 * One message of a request's conversation, provider-independent. Roles are normalized:
 * `developer` → `system`, Gemini `model` → `assistant`, tool results (OpenAI/Ollama role
 * `tool`, legacy `function`, Anthropic `tool_result` blocks, Gemini `functionResponse`
 * parts) → `tool`.
 */
export interface ConversationMessage {
  role: string;
  /** The message's text: text parts joined with `\n`; a tool result's output (JSON-printed when not text). */
  content: string;
  /** Tool calls an assistant turn made (names only matter for matching). */
  toolCalls?: Array<{ name: string }>;
}

const ROLE_ALIASES: Record<string, string> = { developer: 'system', model: 'assistant', function: 'tool' };

/** The normalized form of a role name (also applied to roles written in a matcher). */
export function normalizeRole(role: string): string {
  const lower = role.toLowerCase();
  return ROLE_ALIASES[lower] ?? lower;
}

/** Appends a message with its role normalized; tool calls only when there are some. */
export function pushMessage(out: ConversationMessage[], role: string, content: string, toolCalls?: Array<{ name: string }>): void {
  const m: ConversationMessage = { role: normalizeRole(role), content };
  if (toolCalls && toolCalls.length > 0) m.toolCalls = toolCalls;
  out.push(m);
}

/** Text of OpenAI-style content: a string, or parts carrying `text` (input_text, output_text, text…). */
export function partsText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p) => {
      if (typeof p === 'string') return p;
      const r = asRecord(p);
      if (typeof r?.text === 'string') return r.text;
      if (typeof r?.refusal === 'string') return r.refusal;
      return undefined;
    })
    .filter((t): t is string => t !== undefined)
    .join('\n');
}

/** A value as message text: strings as they are, anything else JSON-printed. */
export function printed(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

/** Names of OpenAI/Ollama-style `tool_calls` (`{function: {name}}` or `{name}`). */
export function toolCallNames(list: unknown): Array<{ name: string }> {
  if (!Array.isArray(list)) return [];
  return list.map((c) => {
    const r = asRecord(c);
    const fn = asRecord(r?.function);
    const name = fn?.name ?? r?.name;
    return { name: typeof name === 'string' ? name : '' };
  });
}

/** Legacy completions / Ollama generate `prompt`: a string or a list of strings. */
export function readPrompt(prompt: unknown, out: ConversationMessage[]): void {
  if (typeof prompt === 'string') pushMessage(out, 'user', prompt);
  else if (Array.isArray(prompt)) for (const p of prompt) if (typeof p === 'string') pushMessage(out, 'user', p);
}
