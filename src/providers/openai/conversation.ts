import { partsText, printed, pushMessage, readPrompt, toolCallNames, type ConversationMessage } from '../conversation-parts.js';
import { asRecord } from '../request-fields.js';

/** OpenAI chat `messages`, Responses `instructions` + `input`, legacy `prompt`, embeddings `input`. */
export function openaiConversation(body: Record<string, unknown>): ConversationMessage[] {
  const out: ConversationMessage[] = [];
  if (typeof body.instructions === 'string') pushMessage(out, 'system', body.instructions);
  if (Array.isArray(body.messages)) {
    for (const raw of body.messages) {
      const m = asRecord(raw);
      if (!m) continue;
      const role = typeof m.role === 'string' ? m.role : 'user';
      const calls = toolCallNames(m.tool_calls);
      const fnCall = asRecord(m.function_call);
      if (fnCall && typeof fnCall.name === 'string') calls.push({ name: fnCall.name });
      pushMessage(out, role, partsText(m.content), calls);
    }
  }
  readInput(body.input, out);
  readPrompt(body.prompt, out);
  return out;
}

/** Responses API `input`: a string, strings (embeddings), or items (messages, function calls, outputs). */
function readInput(input: unknown, out: ConversationMessage[]): void {
  if (typeof input === 'string') return pushMessage(out, 'user', input);
  if (!Array.isArray(input)) return;
  for (const raw of input) {
    if (typeof raw === 'string') {
      pushMessage(out, 'user', raw);
      continue;
    }
    const item = asRecord(raw);
    if (!item) continue;
    const type = item.type;
    if (type === 'function_call' || type === 'custom_tool_call') {
      pushMessage(out, 'assistant', '', [{ name: typeof item.name === 'string' ? item.name : '' }]);
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      pushMessage(out, 'tool', typeof item.output === 'string' ? item.output : partsText(item.output) || printed(item.output));
    } else if (typeof item.role === 'string') {
      pushMessage(out, item.role, partsText(item.content));
    }
  }
}
