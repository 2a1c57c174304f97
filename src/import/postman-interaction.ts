import type { HandWrittenInteraction, MatchSpec, StoredResponse, TextPattern } from '../cassette/types.js';
import { framingForContentType } from '../framing/event-splitter.js';
import { extractConversation } from '../handwritten/conversation.js';
import { storedResponseFrom } from '../record/interaction-builder.js';
import type { ProviderAdapter } from '../providers/provider.js';
import type { Scrubber } from '../redact/scrubber.js';
import { Errors } from '../errors.js';
import { jsonDeeperThan, MAX_JSON_DEPTH } from '../util/json-depth.js';
import { tappedResponse, type Skip } from './exchange-interaction.js';
import { requestView } from './llm-endpoint.js';
import type { PostmanExample } from './postman-example.js';

/**
 * A saved Postman example as a hand-written interaction, routed the way the Postman-driven
 * mocks route: by method, path and the request's conversation — the last user message
 * (exactly) and, when there is one, the history before it (each message exactly, in
 * order). A request with no conversation (a listing, a token count) matches on its whole
 * JSON body as a subset instead.
 *
 * What it answers:
 * - `response`: the example's status, headers and body, byte for byte (a JSON body, an
 *   SSE/NDJSON body split into events at their real boundaries, or an empty one), through
 *   the recorder's storing path (stored headers, event codec, redaction). Such a literal
 *   answer only fits the kind of request it was saved for, so `match.stream` says whether
 *   that request asked for a stream.
 * - `reply`: when the body is plain text (no content type, or `text/plain`): mockllm renders
 *   it in the provider's wire format, streamed or not, as the client asks; a status ≥ 400
 *   becomes the provider's error with that text.
 */
export function handWrittenFromExample(example: PostmanExample, provider: ProviderAdapter, scrubber: Scrubber, id: string): HandWrittenInteraction | Skip {
  const req = example.request;
  const view = requestView(req.method, req.path, req.search, req.headers, req.body);
  if (req.body.length > 0 && view.json === undefined && looksJson(req.headers['content-type'], req.body))
    return { reason: 'request body is not valid JSON (after resolving the collection variables)' };
  // The same limit as for a live request: the match is walked recursively.
  if (jsonDeeperThan(view.json)) throw Errors.requestTooDeep(MAX_JSON_DEPTH, 'example request body');

  const match: MatchSpec = { method: req.method, path: req.path };
  const conversation = extractConversation(view, provider);
  const messages = conversation.messages;
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  if (lastUser >= 0) {
    match.last_user_message = exactly(scrubber.scrub(messages[lastUser]!.content));
    const history = messages.slice(0, lastUser);
    if (history.length > 0) match.conversation = history.map((m) => ({ role: m.role, content: exactly(scrubber.scrub(m.content)) }));
  } else if (view.json !== null && typeof view.json === 'object') match.body = scrubber.redactJson(view.json);

  const interaction: HandWrittenInteraction = { id, note: scrubber.scrub(`Postman example ${example.path}`), match };
  const { status, headers, body } = example.response;
  const contentType = headers['content-type'];
  const type = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';', 1)[0]!.trim().toLowerCase();
  const isJson = parsesAsJson(body);
  if (body.length > 0 && !isJson && !framingForContentType(type) && (type === undefined || type === 'text/plain')) {
    interaction.reply = status >= 400 ? { status, text: scrubber.scrub(body.toString('utf8')) } : { text: scrubber.scrub(body.toString('utf8')) };
    return interaction;
  }
  // Postman saves the headers it was shown; a hand-made example often has none: JSON is JSON.
  const withType = type === undefined && isJson ? { ...headers, 'content-type': 'application/json' } : headers;
  const stored: StoredResponse = storedResponseFrom(tappedResponse(status, withType, body), scrubber);
  delete stored.timing;
  match.stream = provider.wantsStream(view);
  interaction.response = stored;
  return interaction;
}

/** A pattern that accepts exactly this text (the matcher's strings are substrings). */
function exactly(text: string): TextPattern {
  return { regex: `^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$` };
}

/** A JSON object or array (a bare `42` or `"hi"` body reads better as a reply's text). */
function parsesAsJson(body: Buffer): boolean {
  if (!/^\s*[[{]/.test(body.subarray(0, 16).toString('utf8'))) return false;
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function looksJson(contentType: string | string[] | undefined, body: Buffer): boolean {
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  return (type !== undefined && /json/i.test(type)) || /^\s*[[{]/.test(body.subarray(0, 16).toString('utf8'));
}
