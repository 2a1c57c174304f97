import { matchesGlob } from '../../handwritten/path-glob.js';
import type { ProviderName } from '../../providers/provider.js';
import { always, type FaultKind, type FaultTarget } from '../fault-kind.js';
import type { EmptyFault } from '../fault-spec.js';

interface EmptyList {
  provider?: ProviderName;
  path: string;
  body: unknown;
}

/** List endpoints and their empty answer, most specific first. */
const EMPTY_LISTS: readonly EmptyList[] = [
  { provider: 'anthropic', path: '**/v1/models', body: { data: [], has_more: false, first_id: null, last_id: null } },
  { provider: 'gemini', path: '**/models', body: { models: [] } },
  { provider: 'ollama', path: '/api/tags', body: { models: [] } },
  { provider: 'ollama', path: '/api/ps', body: { models: [] } },
  { path: '**/models', body: { object: 'list', data: [] } },
  { path: '**/files', body: { object: 'list', data: [], has_more: false } },
];

/**
 * `empty`: 200 with an empty list on list endpoints (`GET /v1/models` →
 * `{"object":"list","data":[]}`, `/api/tags` → `{"models":[]}`, Anthropic and Gemini
 * shapes), else 200 with an empty body (content type of the expected response).
 */
export const emptyKind: FaultKind<EmptyFault> = {
  kind: 'empty',
  replacesResponse: true,
  appliesTo: always,
  apply(spec, target) {
    const status = spec.status ?? 200;
    const list = emptyListFor(target);
    if (list !== undefined) {
      const body = Buffer.from(JSON.stringify(list));
      return { response: { status, headers: { 'content-type': jsonType(target) }, headersAtMs: 0, body } };
    }
    return { response: { status, headers: { 'content-type': emptyType(target) }, headersAtMs: 0, body: Buffer.alloc(0) } };
  },
};

function emptyListFor(target: FaultTarget): unknown {
  if (target.view.method !== 'GET') return undefined;
  return EMPTY_LISTS.find((l) => (l.provider === undefined || l.provider === target.provider.name) && matchesGlob(l.path, target.view.path))?.body;
}

function jsonType(target: FaultTarget): string {
  return target.provider.errorBody({ status: 200, message: '' }).contentType;
}

function emptyType(target: FaultTarget): string {
  if (!target.provider.wantsStream(target.view)) return jsonType(target);
  return target.provider.name === 'ollama' ? 'application/x-ndjson' : 'text/event-stream; charset=utf-8';
}
