import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderAdapter, RequestView } from '../providers/provider.js';
import { apiProviderOf } from '../providers/registry.js';

/**
 * Whether an exchange found in someone else's recording is an LLM API call, and whose:
 * the adapter that detects it must also know its path as one of its public API's (see
 * `ProviderAdapter.isApiPath`): a browser HAR is full of `/api/users`.
 */
export function llmProviderOf(view: RequestView): ProviderAdapter | undefined {
  return apiProviderOf(view);
}

/** The request view provider adapters read, for an exchange read from a file. */
export function requestView(method: string, path: string, search: URLSearchParams, headers: IncomingHttpHeaders, body: Buffer): RequestView {
  return { method: method.toUpperCase(), path, query: search, headers, json: parseJson(body) };
}

function parseJson(body: Buffer): unknown {
  const first = body.subarray(0, 64).toString('utf8').trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
