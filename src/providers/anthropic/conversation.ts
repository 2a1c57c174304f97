import { partsText, pushMessage, type ConversationMessage } from '../conversation-parts.js';
import { asRecord } from '../request-fields.js';

/** Anthropic top-level `system` (string or text blocks) and `messages` with content blocks. */
export function anthropicConversation(body: Record<string, unknown>): ConversationMessage[] {
  const out: ConversationMessage[] = [];
  const system = partsText(body.system);
  if (system !== '' || typeof body.system === 'string') pushMessage(out, 'system', system);
  if (!Array.isArray(body.messages)) return out;
  for (const raw of body.messages) {
    const m = asRecord(raw);
    if (!m) continue;
    const role = typeof m.role === 'string' ? m.role : 'user';
    if (!Array.isArray(m.content)) {
      pushMessage(out, role, typeof m.content === 'string' ? m.content : '');
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
    for (const r of results) pushMessage(out, 'tool', r);
    if (texts.length > 0 || calls.length > 0 || results.length === 0) pushMessage(out, role, texts.join('\n'), calls);
  }
  return out;
}
