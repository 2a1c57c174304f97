import { normalizeRole, type ConversationMessage } from '../providers/conversation-parts.js';
import type { ProviderAdapter, RequestView } from '../providers/provider.js';
import { asRecord } from '../providers/request-fields.js';

export { normalizeRole, type ConversationMessage };

/** A provider-independent reading of a request's conversation, for matching and templates. */
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

/** Reads the conversation of a request the way its provider (the adapter) lays it out. Unknown shapes give an empty conversation. */
export function extractConversation(req: RequestView, provider: ProviderAdapter): Conversation {
  const body = asRecord(req.json) ?? {};
  const messages = provider.conversation(body);
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
