import type { StoredResponse } from '../../../cassette/types.js';
import { listedModels, type ResolvedReply } from '../../../handwritten/resolved-reply.js';
import { stableInstantMs } from '../../../handwritten/stable-id.js';
import { OPENAI_JSON, openaiHeaders, openaiStatus } from './chat.js';
import { jsonResponse } from '../../../handwritten/stored-response.js';

/** `owned_by` of every listed model. */
export const MODEL_OWNER = 'mockllm';

/** A model object; `created` is derived from the model id alone, so it is the same in every listing. */
export function openaiModel(id: string): Record<string, unknown> {
  const created = Math.floor(stableInstantMs(`model\0${id}`) / 1000);
  return { id, object: 'model', created, owned_by: MODEL_OWNER };
}

/**
 * `GET /v1/models` lists the known models (the context's `knownModels`, plus `reply.model`
 * when given and not yet listed); `GET /v1/models/{id}` describes that one model.
 * Pretty JSON with a trailing LF.
 */
export function renderOpenAIModels(r: ResolvedReply): StoredResponse {
  const single = /\/models\/(.+)$/.exec(r.req.path);
  const json = single
    ? openaiModel(decodeURIComponent(single[1]!))
    : { object: 'list', data: listedModels(r).map(openaiModel) };
  return jsonResponse(openaiStatus(r), openaiHeaders(r, OPENAI_JSON), json, { indent: 2, newline: true });
}
