import { partsText, printed, pushMessage, type ConversationMessage } from '../conversation-parts.js';
import { asRecord } from '../request-fields.js';

/** Gemini `systemInstruction` and `contents[].parts[]` (text, functionCall, functionResponse). */
export function geminiConversation(body: Record<string, unknown>): ConversationMessage[] {
  const out: ConversationMessage[] = [];
  const sys = body.systemInstruction ?? body.system_instruction;
  if (typeof sys === 'string') pushMessage(out, 'system', sys);
  else if (asRecord(sys)) pushMessage(out, 'system', partsText(asRecord(sys)!.parts));
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
        pushMessage(out, 'tool', printed(fr.response));
        results++;
      } else if (fc) calls.push({ name: typeof fc.name === 'string' ? fc.name : '' });
      else if (typeof part.text === 'string' && part.thought !== true) texts.push(part.text);
    }
    if (texts.length > 0 || calls.length > 0 || results === 0) pushMessage(out, role, texts.join('\n'), calls);
  }
  return out;
}
