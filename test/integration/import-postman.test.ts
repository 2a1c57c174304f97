/**
 * `mockllm import postman`: a Postman collection v2.1 whose saved examples are real
 * captures (and one hand-edited text reply, as a Postman user writes them) becomes
 * hand-written interactions routed by method, path and conversation; the official
 * clients get the examples' bytes, a multi-turn request gets the example saved for that
 * history, and editing the collection and importing again updates a running `--watch`
 * replay.
 */
import { writeFileSync } from 'node:fs';
import test from 'ava';
import OpenAI from 'openai';
import { startReplay } from '../../src/api/start-server.js';
import type { MockllmHandle } from '../../src/api/server-handle.js';
import type { HandWrittenInteraction } from '../../src/cassette/types.js';
import { loadCapture } from '../helpers/captures.js';
import { runCli } from '../helpers/cli.js';
import { CLIENT_SCENARIOS, captureText } from '../helpers/import-clients.js';
import { CLI_TIMEOUT, importWorkspace, recordingFetch, type ImportWorkspace } from '../helpers/import-fixture.js';
import { collection, exampleFromCapture, requestItem, type ExampleSpec } from '../helpers/postman-writer.js';

const usage = loadCapture('openai/chat-stream-include-usage');
const usageRequest = JSON.parse(usage.request.body.toString('utf8')) as { model: string; messages: Array<{ role: string; content: string }> };
const joke = JSON.parse(loadCapture('openai/chat-nonstream').request.body.toString('utf8')) as { model: string; messages: Array<{ role: string; content: string }> };

/**
 * A follow-up turn, hand-edited in Postman the way the seed mock's users add cases: the
 * include-usage capture's conversation and answer, then the joke question again. Its
 * answer is plain text (a Postman user types the reply), rendered by mockllm.
 */
function followUp(reply: string): ExampleSpec {
  const messages = [...usageRequest.messages, { role: 'assistant', content: captureText(usage) }, joke.messages[0]!];
  return { name: 'joke after arithmetic', requestBody: JSON.stringify({ model: joke.model, messages }, null, 4), status: 200, statusText: 'OK', headers: [], body: reply, previewLanguage: 'text' };
}

function collectionText(reply: string): string {
  const items = [
    requestItem({
      name: 'OpenAI chat',
      method: 'POST',
      path: '/v1/chat/completions',
      examples: [exampleFromCapture(loadCapture('openai/chat-nonstream'), 'joke'), exampleFromCapture(loadCapture('openai/chat-stream'), 'joke, streamed'), followUp(reply)],
    }),
    { name: 'Anthropic', item: [requestItem({ name: 'messages', method: 'POST', path: '/v1/messages', examples: [exampleFromCapture(loadCapture('anthropic/messages-nonstream'))] })] },
    requestItem({ name: 'Ollama chat', method: 'POST', path: '/api/chat', examples: [exampleFromCapture(loadCapture('ollama/chat-stream'))] }),
    requestItem({ name: 'Gemini', method: 'POST', path: '/v1beta/models/gemini-2.5-flash:generateContent', examples: [exampleFromCapture(loadCapture('gemini/generate-content-gzip'))] }),
    requestItem({ name: 'no example yet', method: 'POST', path: '/v1/embeddings', examples: [] }),
    requestItem({ name: 'health check', method: 'GET', path: '/health', headers: [], examples: [{ name: 'up', requestBody: '', status: 200, statusText: 'OK', headers: [], body: 'ok', previewLanguage: 'text' }] }),
  ];
  return `${JSON.stringify(collection('LLM mock', items, { baseUrl: 'https://api.openai.com' }), null, '\t')}\n`;
}

const FIRST_REPLY = 'Because it could not find the span it was looking for.';
let ws: ImportWorkspace;
let server: MockllmHandle;
let file: string;
let importOutput = '';
/** The cassette as the first import wrote it (a serial test edits and re-imports later). */
let firstImport: HandWrittenInteraction[] = [];

test.before(async () => {
  ws = importWorkspace();
  file = ws.input('collection.json', collectionText(FIRST_REPLY));
  const r = await ws.run('postman', [file], 'postman');
  if (r.code !== 0) throw new Error(`import failed (${r.code}): ${r.stderr}`);
  importOutput = r.stdout;
  firstImport = ws.cassette('postman').interactions as HandWrittenInteraction[];
  server = await startReplay({ cassettes: ws.cassettes, watch: true });
});
test.after.always(async () => {
  await server?.close();
  ws?.remove();
});

test('examples become hand-written interactions; requests without examples and non-LLM calls are counted as skipped', async (t) => {
  t.regex(importOutput, /collection\.json: imported 6, skipped 2: 1 request without a saved example response; 1 not an LLM API call/);
  const interactions = firstImport;
  t.true(interactions.every((i) => i.match !== undefined && i.id!.startsWith('postman:collection.json#')));
  t.is(interactions[0]!.id, 'postman:collection.json#OpenAI chat/joke after arithmetic', 'the example with a history comes first');
  t.deepEqual(interactions[0]!.match.conversation?.map((s) => s.role), ['system', 'user', 'assistant']);
  t.deepEqual(interactions[0]!.reply, { text: FIRST_REPLY });
  t.is((await runCli(['validate', ws.cassettes], CLI_TIMEOUT)).code, 0);
  t.is((await runCli(['audit', ws.cassettes], CLI_TIMEOUT)).code, 0);
});

const FROM_COLLECTION = ['openai/chat-nonstream', 'openai/chat-stream', 'anthropic/messages-nonstream', 'ollama/chat-stream', 'gemini/generate-content-gzip'];
for (const scenario of CLIENT_SCENARIOS.filter((s) => FROM_COLLECTION.includes(s.capture))) {
  (scenario.serial ? test.serial : test)(`${scenario.client} SDK gets the ${scenario.capture} example byte for byte`, async (t) => {
    const capture = loadCapture(scenario.capture);
    const outcome = await scenario.run(server, 'postman');
    t.true(outcome.bodies[0]!.equals(capture.body), 'the client received the example body');
    t.is(outcome.text, captureText(capture));
  });
}

async function askWithHistory(stream: boolean): Promise<string> {
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL('openai', 'postman'), maxRetries: 0, fetch: recordingFetch([]) });
  const messages = [...usageRequest.messages, { role: 'assistant', content: captureText(usage) }, joke.messages[0]!] as OpenAI.ChatCompletionMessageParam[];
  if (!stream) return (await client.chat.completions.create({ model: joke.model, messages })).choices[0]!.message.content ?? '';
  let text = '';
  for await (const chunk of await client.chat.completions.create({ model: joke.model, messages, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

test.serial('a request with the saved history gets its example; the same question without it gets the other', async (t) => {
  t.is(await askWithHistory(false), FIRST_REPLY);
  t.is(await askWithHistory(true), FIRST_REPLY, 'a text reply is rendered as a stream when the client streams');
});

test.serial('editing the collection and importing again updates the cassette in place, live under --watch', async (t) => {
  const edited = 'Because its traces never ended.';
  writeFileSync(file, collectionText(edited));
  const before = ws.cassette('postman').interactions.length;
  const r = await ws.run('postman', [file], 'postman');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /replacing 6/);
  t.is(ws.cassette('postman').interactions.length, before, 'no duplicates: the examples replaced their earlier selves');
  const deadline = Date.now() + 45_000;
  let answer = '';
  while (Date.now() < deadline && (answer = await askWithHistory(false)) !== edited) await new Promise((resolve) => setTimeout(resolve, 100));
  t.is(answer, edited);
});
