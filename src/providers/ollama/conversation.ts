import { pushMessage, readPrompt, toolCallNames, type ConversationMessage } from '../conversation-parts.js';
import { asRecord } from '../request-fields.js';

/** Ollama `/api/chat` messages; `/api/generate` `system` + `prompt`; embeddings `input` / `prompt`. */
export function ollamaConversation(body: Record<string, unknown>): ConversationMessage[] {
  const out: ConversationMessage[] = [];
  if (typeof body.system === 'string') pushMessage(out, 'system', body.system);
  if (Array.isArray(body.messages)) {
    for (const raw of body.messages) {
      const m = asRecord(raw);
      if (!m) continue;
      pushMessage(out, typeof m.role === 'string' ? m.role : 'user', typeof m.content === 'string' ? m.content : '', toolCallNames(m.tool_calls));
    }
  }
  readPrompt(body.prompt, out);
  if (typeof body.input === 'string') pushMessage(out, 'user', body.input);
  else if (Array.isArray(body.input)) for (const p of body.input) if (typeof p === 'string') pushMessage(out, 'user', p);
  return out;
}
