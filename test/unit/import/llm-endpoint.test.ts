/** Which exchanges of someone else's recording are LLM API calls (the rest is skipped unless --all). */
import test from 'ava';
import { llmProviderOf, requestView } from '../../../src/import/llm-endpoint.js';

const view = (method: string, path: string, headers: Record<string, string> = {}) => requestView(method, path, new URLSearchParams(), headers, Buffer.alloc(0));

const TABLE: Array<[string, string, Record<string, string>, string | undefined]> = [
  ['POST', '/v1/chat/completions', {}, 'openai'],
  ['POST', '/openai/deployments/gpt4/chat/completions', {}, 'openai'],
  ['POST', '/openai/v1/chat/completions', {}, 'openai'],
  ['POST', '/api/v1/chat/completions', {}, 'openai'],
  ['POST', '/v1/completions', {}, 'openai'],
  ['POST', '/v1/embeddings', {}, 'openai'],
  ['POST', '/v1/responses', {}, 'openai'],
  ['GET', '/v1/responses/resp_123', {}, 'openai'],
  ['POST', '/v1/images/generations', {}, 'openai'],
  ['POST', '/v1/audio/transcriptions', {}, 'openai'],
  ['GET', '/v1/models', {}, 'openai'],
  ['GET', '/v1/models/gpt-4o', {}, 'openai'],
  ['POST', '/v1/messages', {}, 'anthropic'],
  ['POST', '/v1/messages/count_tokens', {}, 'anthropic'],
  ['POST', '/v1/complete', { 'anthropic-version': '2023-06-01' }, 'anthropic'],
  ['POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent', {}, 'gemini'],
  ['POST', '/api/chat', {}, 'ollama'],
  ['POST', '/api/generate', {}, 'ollama'],
  ['GET', '/api/tags', {}, 'ollama'],
  // What a browser HAR is full of:
  ['GET', '/api/users', {}, undefined],
  ['GET', '/api/v2/session', {}, undefined],
  ['GET', '/static/app.js', {}, undefined],
  ['GET', '/', {}, undefined],
  ['GET', '/models', {}, undefined],
  ['POST', '/graphql', {}, undefined],
];

for (const [method, path, headers, expected] of TABLE)
  test(`${method} ${path}${Object.keys(headers).length ? ' (+headers)' : ''} → ${expected ?? 'not an LLM call'}`, (t) => t.is<string | undefined, string | undefined>(llmProviderOf(view(method, path, headers))?.name, expected));
