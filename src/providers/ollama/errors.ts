import type { ErrorPayload, ErrorSpec, ErrorWording } from '../provider.js';
import { OLLAMA_JSON } from './render/generation.js';

/** `{"error": "<message>"}`, compact, as Ollama's server (gin) answers an error before streaming (PROTOCOLS §3.6). */
export function ollamaErrorBody(spec: ErrorSpec): ErrorPayload {
  return { contentType: OLLAMA_JSON, body: Buffer.from(JSON.stringify({ error: spec.message })) };
}

/** A last `{"error": "…"}` line in place of the `done: true` object (PROTOCOLS §3.6). */
export function ollamaStreamErrorFrame(spec: ErrorSpec): Buffer {
  return Buffer.from(`${JSON.stringify({ error: spec.message })}\n`);
}

/** How Ollama words the status presets (its bodies carry only the message). */
export const OLLAMA_ERROR_WORDING: Readonly<Record<string, ErrorWording>> = {
  context_length: { message: 'the input length exceeds the context length' },
  invalid_api_key: { message: 'unauthorized' },
  permission_denied: { message: 'permission denied' },
  model_not_found: { message: "model '{model}' not found" },
  rate_limit: { message: 'too many requests' },
  insufficient_quota: { message: 'you have exceeded your usage quota' },
  server_error: { message: 'an error was encountered while running the model' },
  overloaded: { message: 'server busy, please try again.  maximum pending requests exceeded' },
};
