import { STATUS_CODES } from 'node:http';
import type { ErrorSpec, ErrorWording, ProviderAdapter } from '../../providers/provider.js';
import type { StatusPresetName } from '../fault-spec.js';

/** A ready-made error: its status and its wording where a provider has none of its own. `{model}` is replaced by the request's model. */
export interface StatusPreset {
  status: number;
  message: string;
}

/**
 * Ready-made provider errors, by name: `x-mockllm-fault: rate_limit`, `?fail=overloaded`,
 * `{"kind": "status", "preset": "model_not_found"}`. Data only; `resolveStatusError` applies
 * it. Each adapter words them its own way (`errorWording` in `src/providers/<name>/errors.ts`:
 * messages, types and codes from PROTOCOLS §1.4, §3.6, §4.5, §5); the messages here (OpenAI's)
 * are what a provider without its own wording says.
 */
export const STATUS_PRESETS: Readonly<Record<StatusPresetName, StatusPreset>> = {
  context_length: {
    status: 400,
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
  },
  invalid_api_key: {
    status: 401,
    message: 'Incorrect API key provided: sk-mock***********key. You can find your API key at https://platform.openai.com/account/api-keys.',
  },
  permission_denied: { status: 403, message: 'Country, region, or territory not supported' },
  model_not_found: { status: 404, message: 'The model `{model}` does not exist or you do not have access to it.' },
  request_too_large: { status: 413, message: 'Request exceeds the maximum allowed number of bytes.' },
  rate_limit: {
    status: 429,
    message: 'Rate limit reached for {model} in organization org-mockllm on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 1s.',
  },
  insufficient_quota: {
    status: 429,
    message:
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
  },
  server_error: { status: 500, message: 'The server had an error while processing your request. Sorry about that!' },
  bad_gateway: { status: 502, message: 'Bad gateway.' },
  overloaded: { status: 503, message: 'The engine is currently overloaded, please try again later' },
  gateway_timeout: { status: 504, message: 'Gateway timeout.' },
};

export const STATUS_PRESET_NAMES = Object.keys(STATUS_PRESETS) as StatusPresetName[];

/** The preset a bare status (`?fail=503`, `status=429`) borrows its wording from. */
const PRESET_BY_STATUS: Readonly<Record<number, StatusPresetName>> = {
  401: 'invalid_api_key',
  403: 'permission_denied',
  404: 'model_not_found',
  413: 'request_too_large',
  429: 'rate_limit',
  500: 'server_error',
  502: 'bad_gateway',
  503: 'overloaded',
  504: 'gateway_timeout',
  529: 'overloaded',
};

export interface StatusErrorInput {
  status?: number;
  preset?: StatusPresetName;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
}

/**
 * The error a status fault sends, as `provider` words it: the preset (named, or borrowed
 * from the status), the adapter's wording of it, then the fault's own fields, in that order.
 * A provider's `type` and `code` come only from its own wording (or the fault): one
 * provider's vocabulary never leaks into another's error body.
 */
export function resolveStatusError(input: StatusErrorInput, provider: ProviderAdapter, model: string | undefined): ErrorSpec {
  const presetName = input.preset ?? (input.status !== undefined ? PRESET_BY_STATUS[input.status] : undefined);
  const preset = presetName ? STATUS_PRESETS[presetName] : undefined;
  const wording: ErrorWording = (presetName && provider.errorWording[presetName]) || {};
  const merged: ErrorWording & StatusPreset = { ...(preset ?? { status: input.status ?? 500, message: '' }), ...wording };
  const status = input.status ?? merged.status;
  // A borrowed wording only fits its own status: `status=529` on OpenAI must not say 503 things it does not.
  const fits = input.preset !== undefined || merged.status === status;
  const spec: ErrorSpec = {
    status,
    message: (input.message ?? (fits && merged.message ? merged.message : `mockllm fault: HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim())).replaceAll('{model}', model ?? 'unknown'),
  };
  const type = input.type ?? (fits ? merged.type : undefined);
  if (type !== undefined) spec.type = type;
  const code = input.code !== undefined ? input.code : fits ? merged.code : undefined;
  if (code !== undefined) spec.code = code;
  const param = input.param !== undefined ? input.param : fits ? merged.param : undefined;
  if (param !== undefined) spec.param = param;
  return spec;
}
