import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { Problem } from '../errors.js';
import { jsonDeeperThan, MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js';
import { escapeToken } from '../util/json-pointer.js';
import { bodyTooDeep } from './body-codec.js';
import { isHandWritten, type Cassette, type StoredHeaders } from './types.js';

/**
 * Levels a cassette adds above a body's JSON: `/interactions/0/request/body/json` is five
 * containers, and a few more leave room for hand-written parts. A document within
 * `MAX_JSON_DEPTH + CASSETTE_FRAME_DEPTH` is safe for every recursive walk (schema,
 * serializer, audit, `show`).
 */
const CASSETTE_FRAME_DEPTH = 16;

/**
 * How deep a parsed cassette may nest: checked right after `JSON.parse` and before
 * anything recursive (the schema validator included) touches the document.
 */
export function documentDepthProblem(value: unknown): Problem | undefined {
  const at = tooDeepAt(value, MAX_JSON_DEPTH + CASSETTE_FRAME_DEPTH);
  return at === undefined ? undefined : { pointer: at, message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; mockllm does not handle such documents (flatten it)` };
}

/**
 * What the schema cannot see but replay would trip on, each at its pointer:
 * - a recorded request body nested deeper than a live request may be (`MOCKLLM_E_REQUEST_TOO_DEEP`
 *   would refuse the very request it records, so it can never be served; and the exact-bytes
 *   fast path relies on recorded bodies being within the limit);
 * - a response header name or value that node:http refuses to send (a CR or LF in a value,
 *   a space in a name): replay would fail the request instead of serving it.
 */
export function servableProblems(cassette: Cassette): Problem[] {
  const problems: Problem[] = [];
  // One walk of the whole document settles the common case: nothing in it is deep enough.
  const maybeDeep = jsonDeeperThan(cassette, MAX_JSON_DEPTH);
  cassette.interactions.forEach((interaction, i) => {
    const base = `/interactions/${i}`;
    if (!isHandWritten(interaction)) {
      const body = interaction.request.body;
      // A body stored as json is only deep inside a deep document; text and base64 hold theirs as a string.
      const deep = body !== undefined && ('json' in body ? maybeDeep && jsonDeeperThan(body.json) : bodyTooDeep(body));
      if (deep)
        problems.push({
          pointer: `${base}/request/body`,
          message: `the request body nests JSON deeper than ${MAX_JSON_DEPTH} levels; a live request like it is refused (MOCKLLM_E_REQUEST_TOO_DEEP), so it can never be replayed`,
        });
    }
    const response = interaction.response;
    if (response?.headers) headerProblems(response.headers, `${base}/response/headers`, problems);
  });
  return problems;
}

function headerProblems(headers: StoredHeaders, pointer: string, out: Problem[]): void {
  for (const [name, value] of Object.entries(headers)) {
    const at = `${pointer}/${escapeToken(name)}`;
    try {
      validateHeaderName(name);
    } catch {
      out.push({ pointer: at, message: `${JSON.stringify(name)} is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only)` });
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    values.forEach((v, k) => {
      try {
        validateHeaderValue(name, v);
      } catch {
        out.push({
          pointer: Array.isArray(value) ? `${at}/${k}` : at,
          message: 'not a valid header value (a CR, LF or other control character); replay could not send it',
        });
      }
    });
  }
}
