import type { ProviderName, RequestView } from '../providers/provider.js';
import { asRecord } from '../providers/request-fields.js';

/**
 * A provider-independent reading of a request's conversation, for matching and templates.
 * Roles are normalized: `developer` → `system`, Gemini `model` → `assistant`, tool results
 * (OpenAI/Ollama role `tool`, legacy `function`, Anthropic `tool_result` blocks, Gemini
 * `functionResponse` parts) → `tool`.
 */
export interface ConversationMessage {
  role: string;
  /** The message's text: text parts joined with `\n`; a tool result's output (JSON-printed when not text). */
  content: string;
  /** Tool calls an assistant turn made (names only matter for matching). */
  toolCalls?: Array<{ name: string }>;
}

export interface Conversation {
  /** Every message in order, the system prompt(s) included as role `system`. */
  messages: ConversationMessage[];
  /** All system text joined with `\n`; undefined when the request has none. */
  system?: string;
  /** Content of the last message with role `user`. */
  lastUserMessage?: string;
  /** The request declares tools (a non-empty `tools` / `functions` list). */
  hasTools: boolean;
  /** The conversation carries at least one tool result. */
  hasToolResult: boolean;
}

const ROLE_ALIASES: Record<string, string> = { developer: 'system', model: 'assistant', function: 'tool' };

/** The normalized form of a role name (also applied to roles written in a matcher). */
export function normalizeRole(role: string): string {
  const lower = role.toLowerCase();
  return ROLE_ALIASES[lower] ?? lower;
}

/** Reads the conversation of a request the way `provider` lays it out. Unknown shapes give an empty conversation. */
export function extractConversation(req: RequestView, provider: ProviderName): Conversation {
  const body = asRecord(req.json) ?? {};
  const messages: ConversationMessage[] = [];
  switch (provider) {
    case 'anthropic':
      readAnthropic(body, messages);
      break;
    case 'gemini':
      readGemini(body, messages);
      break;
    case 'ollama':
      readOllama(body, messages);
      break;
    default:
      readOpenAI(body, messages);
  }
  const systems = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const conversation: Conversation = {
    messages,
    hasTools: nonEmptyList(body.tools) || nonEmptyList(body.functions),
    hasToolResult: messages.some((m) => m.role === 'tool'),
  };
  if (systems.length > 0) conversation.system = systems.join('\n');
  if (lastUser) conversation.lastUserMessage = lastUser.content;
  return conversation;
}

function nonEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0;
}

function push(out: ConversationMessage[], role: string, content: string, toolCalls?: Array<{ name: string }>): void {
  const m: ConversationMessage = { role: normalizeRole(role), content };
  if (toolCalls && toolCalls.length > 0) m.toolCalls = toolCalls;
  out.push(m);
}

/** Text of OpenAI-style content: a string, or parts carrying `text` (input_text, output_text, text…). */
function partsText(content: unknown): string {
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

function printed(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

function toolCallNames(list: unknown): Array<{ name: string }> {
  if (!Array.isArray(list)) return [];
  return list.map((c) => {
    const r = asRecord(c);
    const fn = asRecord(r?.function);
    const name = fn?.name ?? r?.name;
    return { name: typeof name === 'string' ? name : '' };
  });
}

/** OpenAI chat `messages`, Responses `instructions` + `input`, legacy `prompt`, embeddings `input`. */
function readOpenAI(body: Record<string, unknown>, out: ConversationMessage[]): void {
  if (typeof body.instructions === 'string') push(out, 'system', body.instructions);
  if (Array.isArray(body.messages)) {
    for (const raw of body.messages) {
      const m = asRecord(raw);
      if (!m) continue;
      const role = typeof m.role === 'string' ? m.role : 'user';
      const calls = toolCallNames(m.tool_calls);
      const fnCall = asRecord(m.function_call);
      if (fnCall && typeof fnCall.name === 'string') calls.push({ name: fnCall.name });
      push(out, role, partsText(m.content), calls);
    }
  }
  readInput(body.input, out);
  readPrompt(body.prompt, out);
}

/** Responses API `input`: a string, strings (embeddings), or items (messages, function calls, outputs). */
function readInput(input: unknown, out: ConversationMessage[]): void {
  if (typeof input === 'string') return push(out, 'user', input);
  if (!Array.isArray(input)) return;
  for (const raw of input) {
    if (typeof raw === 'string') {
      push(out, 'user', raw);
      continue;
    }
    const item = asRecord(raw);
    if (!item) continue;
    const type = item.type;
    if (type === 'function_call' || type === 'custom_tool_call') {
      push(out, 'assistant', '', [{ name: typeof item.name === 'string' ? item.name : '' }]);
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      push(out, 'tool', typeof item.output === 'string' ? item.output : partsText(item.output) || printed(item.output));
    } else if (typeof item.role === 'string') {
      push(out, item.role, partsText(item.content));
    }
  }
}

/** Legacy completions / Ollama generate `prompt`: a string or a list of strings. */
function readPrompt(prompt: unknown, out: ConversationMessage[]): void {
  if (typeof prompt === 'string') push(out, 'user', prompt);
  else if (Array.isArray(prompt)) for (const p of prompt) if (typeof p === 'string') push(out, 'user', p);
}

/** Ollama `/api/chat` messages; `/api/generate` `system` + `prompt`; embeddings `input` / `prompt`. */
function readOllama(body: Record<string, unknown>, out: ConversationMessage[]): void {
  if (typeof body.system === 'string') push(out, 'system', body.system);
  if (Array.isArray(body.messages)) {
    for (const raw of body.messages) {
      const m = asRecord(raw);
      if (!m) continue;
      push(out, typeof m.role === 'string' ? m.role : 'user', typeof m.content === 'string' ? m.content : '', toolCallNames(m.tool_calls));
    }
  }
  readPrompt(body.prompt, out);
  if (typeof body.input === 'string') push(out, 'user', body.input);
  else if (Array.isArray(body.input)) for (const p of body.input) if (typeof p === 'string') push(out, 'user', p);
}

/** Anthropic top-level `system` (string or text blocks) and `messages` with content blocks. */
function readAnthropic(body: Record<string, unknown>, out: ConversationMessage[]): void {
  const system = partsText(body.system);
  if (system !== '' || typeof body.system === 'string') push(out, 'system', system);
  if (!Array.isArray(body.messages)) return;
  for (const raw of body.messages) {
    const m = asRecord(raw);
    if (!m) continue;
    const role = typeof m.role === 'string' ? m.role : 'user';
    if (!Array.isArray(m.content)) {
      push(out, role, typeof m.content === 'string' ? m.content : '');
      continue;
    }
    const texts: string[] = [];
    const calls: Array<{ name: string }> = [];
    const results: string[] = [];
    for (const rawBlock of m.content) {
      const block = asRecord(rawBlock);
      if (!block) continue;
      if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
      else if (block.type === 'tool_use' || block.type === 'server_tool_use') calls.push({ name: typeof block.name === 'string' ? block.name : '' });
      else if (block.type === 'tool_result') results.push(typeof block.content === 'string' ? block.content : partsText(block.content));
    }
    // Tool results travel in a user turn; they read as their own `tool` turns, before any text of that turn.
    for (const r of results) push(out, 'tool', r);
    if (texts.length > 0 || calls.length > 0 || results.length === 0) push(out, role, texts.join('\n'), calls);
  }
}

/** Gemini `systemInstruction` and `contents[].parts[]` (text, functionCall, functionResponse). */
function readGemini(body: Record<string, unknown>, out: ConversationMessage[]): void {
  const sys = body.systemInstruction ?? body.system_instruction;
  if (typeof sys === 'string') push(out, 'system', sys);
  else if (asRecord(sys)) push(out, 'system', partsText(asRecord(sys)!.parts));
  const contents = Array.isArray(body.contents) ? body.contents : asRecord(body.contents) ? [body.contents] : [];
  for (const raw of contents) {
    const c = asRecord(raw);
    if (!c) continue;
    const role = typeof c.role === 'string' ? c.role : 'user';
    const parts = Array.isArray(c.parts) ? c.parts : [];
    const texts: string[] = [];
    const calls: Array<{ name: string }> = [];
    let results = 0;
    for (const rawPart of parts) {
      const part = asRecord(rawPart);
      if (!part) continue;
      const fc = asRecord(part.functionCall ?? part.function_call);
      const fr = asRecord(part.functionResponse ?? part.function_response);
      if (fr) {
        push(out, 'tool', printed(fr.response));
        results++;
      } else if (fc) calls.push({ name: typeof fc.name === 'string' ? fc.name : '' });
      else if (typeof part.text === 'string' && part.thought !== true) texts.push(part.text);
    }
    if (texts.length > 0 || calls.length > 0 || results === 0) push(out, role, texts.join('\n'), calls);
  }
}
