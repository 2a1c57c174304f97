import type { FaultRule } from '../fault-spec.js';

/** Paths that generate text (chat, completions, messages, responses, Gemini, Ollama). */
export const GENERATION_PATHS = [
  '**/chat/completions',
  '**/completions',
  '**/responses',
  '**/messages',
  '**:generateContent',
  '**:streamGenerateContent',
  '/api/chat',
  '/api/generate',
];

/** Paths that list models. */
export const MODEL_LIST_PATHS = ['**/models', '/api/tags', '/api/ps'];

const UPLOAD_PATHS = ['**/files', '**/files:upload', '/upload/**'];

/**
 * Built-in API-key scenarios, as the hand-built mocks users replace name them: send the name
 * as the API key (bearer token, `x-api-key`, `x-goog-api-key`, `api-key` or `?key=`) and
 * the request gets the fault. An overlay file's `scenarios` add names or replace these.
 * A scenario named for a provider (`…_OPENAI`, `…_ANTHROPIC`, `…_GEMINI`) applies to that
 * provider's requests only; elsewhere the key is just a key.
 */
export const SCENARIO_PRESETS: Readonly<Record<string, FaultRule>> = {
  AUTH_FAILURE_OPENAI: { kind: 'status', preset: 'invalid_api_key', status: 401, when: { provider: 'openai' } },
  AUTH_FAILURE_ANTHROPIC: { kind: 'status', preset: 'invalid_api_key', status: 401, when: { provider: 'anthropic' } },
  // The mocks this replaces answer 401 for Gemini; the real API says 400 API_KEY_INVALID (preset invalid_api_key).
  AUTH_FAILURE_GEMINI: { kind: 'status', status: 401, type: 'UNAUTHENTICATED', message: 'API key not valid. Please pass a valid API key.', when: { provider: 'gemini' } },
  RATE_LIMIT_COMPLETION: { kind: 'status', preset: 'rate_limit', when: { path: GENERATION_PATHS } },
  RATE_LIMIT_LIST_MODELS: { kind: 'status', preset: 'rate_limit', when: { method: 'GET', path: MODEL_LIST_PATHS } },
  INSUFFICIENT_QUOTA: { kind: 'status', preset: 'insufficient_quota' },
  SERVER_ERROR: { kind: 'status', preset: 'server_error' },
  OVERLOADED: { kind: 'status', preset: 'overloaded' },
  MODEL_NOT_FOUND: { kind: 'status', preset: 'model_not_found' },
  CONTEXT_LENGTH_EXCEEDED: { kind: 'status', preset: 'context_length' },
  ABRUPT_STREAM: { kind: 'reset', after: 2 },
  TRUNCATED_STREAM: { kind: 'truncate', after: 2 },
  MALFORMED_STREAM: { kind: 'malformed', after: 2 },
  STREAM_ERROR: { kind: 'stream_error', after: 2 },
  STREAM_ERROR_ANTHROPIC: { kind: 'stream_error', after: 2, when: { provider: 'anthropic' } },
  STREAM_PING_ANTHROPIC: { kind: 'ping', when: { provider: 'anthropic' } },
  SLOW_STREAM: { kind: 'slow_stream', tokens_per_second: 20 },
  SLOW_FIRST_TOKEN: { kind: 'stall', after: 0, ms: 2000 },
  TIMEOUT: { kind: 'hang' },
  NON_JSON_ERROR: { kind: 'non_json' },
  EMPTY_LIST: { kind: 'empty', when: { method: 'GET', path: MODEL_LIST_PATHS } },
  EMPTY_RESPONSE: { kind: 'empty' },
  ZERO_BYTE_FILE: { kind: 'status', status: 400, message: 'The file is empty. Upload a file with content.', code: 'empty_file', when: { path: UPLOAD_PATHS } },
  LARGE_FILE_UPLOAD: { kind: 'status', preset: 'request_too_large', when: { path: UPLOAD_PATHS } },
};
