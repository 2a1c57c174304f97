import { isHandWritten, type Cassette, type MatchSpec, type ReplySpec, type TextPattern } from '../cassette/types.js';
import type { Problem } from '../errors.js';
import { providerNameProblem } from '../providers/registry.js';
import { escapeToken } from '../util/json-pointer.js';
import { modelRegexProblem, textPatternProblem } from './text-pattern.js';

/**
 * Endpoints whose replies need no text: an empty `reply: {}` is meaningful there
 * (embeddings, model listings, token counts, version).
 */
const CONTENTLESS_PATH = /(?:embeddings?|embedContent|batchEmbedContents|models(?:\/[^/]*)?|tags|show|ps|version|count_tokens|countTokens)\/?$/;

/**
 * Semantic problems of the hand-written parts of a cassette (the schema already checked
 * shapes), each at its JSON pointer:
 * - a `provider` (in `match` or a model alias) that names no provider;
 * - a regex in `match` (`model.regex`, text patterns, conversation steps) that does not compile;
 * - a tool call whose `arguments` is a string but not a JSON object (templates count as values);
 * - a `chunking` list that does not concatenate to `text`;
 * - `pauses` keys that are not chunk indexes;
 * - a reply that renders nothing: no `text`, `tool_calls`, `reasoning`, `refusal` or `status`
 *   (allowed when `match.path` targets an embeddings / listing / count endpoint, or the reply
 *   sets `embedding_dimensions`).
 * Replies of `models` aliases are checked the same way.
 */
export function handwrittenProblems(cassette: Cassette): Problem[] {
  const problems: Problem[] = [];
  cassette.interactions.forEach((interaction, i) => {
    if (!isHandWritten(interaction)) return;
    const base = `/interactions/${i}`;
    matchProblems(interaction.match, `${base}/match`, problems);
    if (interaction.reply) replyProblems(interaction.reply, `${base}/reply`, problems, interaction.match.path);
  });
  for (const [name, alias] of Object.entries(cassette.models ?? {})) {
    providerProblem(alias.provider, `/models/${escapeToken(name)}/provider`, problems);
    if (alias.reply) replyProblems(alias.reply, `/models/${escapeToken(name)}/reply`, problems, undefined);
  }
  return problems;
}

function providerProblem(name: string | undefined, pointer: string, out: Problem[]): void {
  const problem = name === undefined ? undefined : providerNameProblem(name);
  if (problem) out.push({ pointer, message: problem });
}

function matchProblems(match: MatchSpec, pointer: string, out: Problem[]): void {
  providerProblem(match.provider, `${pointer}/provider`, out);
  if (typeof match.model === 'object' && match.model.regex !== undefined) {
    const problem = modelRegexProblem(match.model.regex);
    if (problem) out.push({ pointer: `${pointer}/model/regex`, message: `invalid regular expression: ${problem}` });
  }
  const pattern = (p: TextPattern | undefined, at: string): void => {
    if (p === undefined) return;
    const problem = textPatternProblem(p);
    if (problem) out.push({ pointer: `${at}/regex`, message: `invalid regular expression: ${problem}` });
  };
  pattern(match.last_user_message, `${pointer}/last_user_message`);
  pattern(match.system, `${pointer}/system`);
  match.conversation?.forEach((step, s) => pattern(step.content, `${pointer}/conversation/${s}/content`));
}

function replyProblems(reply: ReplySpec, pointer: string, out: Problem[], matchPath: string | undefined): void {
  reply.tool_calls?.forEach((call, c) => {
    if (typeof call.arguments !== 'string') return;
    // Placeholders stand for values: `{"n": {{body.n}}}` is fine, and so is `"{{model}}"`.
    const probe = call.arguments.replace(/\{\{[^{}]*\}\}/g, '0');
    let parsed: unknown;
    try {
      parsed = JSON.parse(probe);
    } catch (e) {
      out.push({
        pointer: `${pointer}/tool_calls/${c}/arguments`,
        message: `arguments is a string but not JSON (${(e as Error).message}); write an object, or a string holding a JSON object`,
      });
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      out.push({ pointer: `${pointer}/tool_calls/${c}/arguments`, message: 'arguments must be a JSON object (tools take named arguments)' });
  });
  if (Array.isArray(reply.chunking)) {
    const joined = reply.chunking.join('');
    if (reply.text === undefined)
      out.push({ pointer: `${pointer}/chunking`, message: 'a chunking list splits `text`, but the reply has no text' });
    else if (joined !== reply.text)
      out.push({
        pointer: `${pointer}/chunking`,
        message: `the chunks concatenate to ${JSON.stringify(clip(joined))} but text is ${JSON.stringify(clip(reply.text))}; the pieces must spell the text exactly`,
      });
  }
  for (const key of Object.keys(reply.pauses ?? {}))
    if (!/^(?:0|[1-9]\d*)$/.test(key))
      out.push({ pointer: `${pointer}/pauses/${escapeToken(key)}`, message: `pause keys are chunk indexes (0, 1, 2…), not ${JSON.stringify(key)}` });
  const rendersSomething =
    reply.text !== undefined ||
    (reply.tool_calls?.length ?? 0) > 0 ||
    reply.reasoning !== undefined ||
    reply.refusal !== undefined ||
    reply.status !== undefined ||
    reply.embedding_dimensions !== undefined ||
    (matchPath !== undefined && CONTENTLESS_PATH.test(matchPath));
  if (!rendersSomething)
    out.push({
      pointer,
      message: 'the reply renders nothing: give it text, tool_calls, reasoning, refusal or status (use "text": "" for a deliberately empty answer)',
    });
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
