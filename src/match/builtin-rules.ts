import type { Cassette } from '../cassette/types.js';
import { indexCassette, type IndexedInteraction, type LoadedCassette } from '../store/loaded-cassette.js';

/**
 * Catalog endpoints a replay answers even when no cassette recorded them, from what the
 * cassettes know: model listings (`/v1/models`, `/api/tags`, `/api/ps`), model details
 * (`/v1/models/{id}`, `/api/show`) and `/api/version`. They are hand-written rules of a
 * built-in cassette, tried after every rule of the real cassettes, in replay only.
 */
const BUILTIN: Cassette = {
  version: 1,
  interactions: [
    { id: 'models', match: { method: 'GET', provider: 'openai', path: '**/models' }, reply: {} },
    { id: 'model', match: { method: 'GET', provider: 'openai', path: '**/models/*' }, reply: {} },
    { id: 'tags', match: { method: 'GET', path: '/api/tags' }, reply: {} },
    { id: 'ps', match: { method: 'GET', path: '/api/ps' }, reply: {} },
    { id: 'show', match: { method: 'POST', path: '/api/show' }, reply: {} },
    { id: 'version', match: { method: 'GET', path: '/api/version' }, reply: {} },
  ],
};

export const BUILTIN_CASSETTE_NAME = 'mockllm-builtin';

const loaded: LoadedCassette = indexCassette(BUILTIN_CASSETTE_NAME, '(built into mockllm)', BUILTIN, { ignore: [], headers: [] });

export const BUILTIN_RULES: readonly IndexedInteraction[] = loaded.entries;
