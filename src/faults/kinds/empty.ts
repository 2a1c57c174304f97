import { always, type FaultKind, type FaultTarget } from '../fault-kind.js';
import type { EmptyFault } from '../fault-spec.js';

/**
 * `empty`: 200 with an empty list on list endpoints, in the provider's shape (the adapter's
 * `emptyList`: `GET /v1/models` → `{"object":"list","data":[]}`, `/api/tags` →
 * `{"models":[]}`, Anthropic and Gemini shapes), else 200 with an empty body and the content
 * type of the expected response (JSON, or the provider's stream type).
 */
export const emptyKind: FaultKind<EmptyFault> = {
  kind: 'empty',
  replacesResponse: true,
  appliesTo: always,
  apply(spec, target) {
    const status = spec.status ?? 200;
    const types = target.provider.contentTypes;
    const list = target.provider.emptyList(target.view);
    if (list !== undefined) {
      const body = Buffer.from(JSON.stringify(list));
      return { response: { status, headers: { 'content-type': types.json }, headersAtMs: 0, body } };
    }
    return { response: { status, headers: { 'content-type': emptyType(target) }, headersAtMs: 0, body: Buffer.alloc(0) } };
  },
};

function emptyType(target: FaultTarget): string {
  const types = target.provider.contentTypes;
  return target.provider.wantsStream(target.view) ? types.stream : types.json;
}
