import type { StoredResponse } from '../../../cassette/types.js';
import { asRecord } from '../../request-fields.js';
import { embeddingDimensions, embeddingInputs, embeddingVector, float32Base64 } from '../../../handwritten/embedding-vector.js';
import type { ResolvedReply } from '../../../handwritten/resolved-reply.js';
import { estimateTokens } from '../../../handwritten/usage-estimate.js';
import { OPENAI_JSON, openaiHeaders, openaiStatus } from './chat.js';
import { jsonResponse } from '../../../handwritten/stored-response.js';

/**
 * OpenAI embeddings (`/v1/embeddings`): one deterministic vector per input (see
 * `embeddingVector`, seeded by `reply.seed`, default 0). `encoding_format: "base64"` (what the
 * official SDKs send by default) gives little-endian float32 base64 strings; otherwise a list
 * of floats. `usage.prompt_tokens` = Σ tokens(input) unless `reply.usage.prompt_tokens`.
 * Pretty JSON with a trailing LF.
 */
export function renderOpenAIEmbeddings(r: ResolvedReply): StoredResponse {
  const body = asRecord(r.req.json) ?? {};
  const inputs = embeddingInputs(body.input);
  const dimensions = embeddingDimensions(r.reply, body);
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const vector = embeddingVector(input, dimensions, r.reply.seed);
    return { object: 'embedding', index, embedding: base64 ? float32Base64(vector) : vector };
  });
  const tokens = r.reply.usage?.prompt_tokens ?? inputs.reduce((n, s) => n + estimateTokens(s), 0);
  const json = { object: 'list', data, model: r.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  return jsonResponse(openaiStatus(r), openaiHeaders(r, OPENAI_JSON), json, { indent: 2, newline: true });
}
