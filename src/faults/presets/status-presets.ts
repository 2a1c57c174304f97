import { STATUS_CODES } from 'node:http';
import type { ErrorSpec, ProviderName } from '../../providers/provider.js';
import type { StatusPresetName } from '../fault-spec.js';

/** An error as one provider words it. `{model}` is replaced by the request's model. */
export interface PresetError {
  status: number;
  message: string;
  type?: string;
  code?: string | null;
  param?: string | null;
}

export interface StatusPreset extends PresetError {
  /** How a provider words it differently (messages and types from PROTOCOLS §1.4, §3.6, §4.5, §5). */
  providers?: Partial<Record<ProviderName, Partial<PresetError>>>;
}

/**
 * Ready-made provider errors, by name: `x-mockllm-fault: rate_limit`, `?fail=overloaded`,
 * `{"kind": "status", "preset": "model_not_found"}`. Data only; `resolveStatusError` applies it.
 */
export const STATUS_PRESETS: Readonly<Record<StatusPresetName, StatusPreset>> = {
  context_length: {
    status: 400,
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    param: 'messages',
    providers: {
      anthropic: { message: 'prompt is too long: 210000 tokens > 200000 maximum' },
      gemini: { message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', type: 'INVALID_ARGUMENT' },
      ollama: { message: 'the input length exceeds the context length' },
    },
  },
  invalid_api_key: {
    status: 401,
    message: 'Incorrect API key provided: sk-mock***********key. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    providers: {
      anthropic: { message: 'invalid x-api-key', type: 'authentication_error' },
      // The real Gemini API answers an invalid key with 400 INVALID_ARGUMENT (PROTOCOLS §5).
      gemini: { status: 400, message: 'API key not valid. Please pass a valid API key.', type: 'INVALID_ARGUMENT' },
      ollama: { message: 'unauthorized' },
    },
  },
  permission_denied: {
    status: 403,
    message: 'Country, region, or territory not supported',
    type: 'request_forbidden',
    code: 'unsupported_country_region_territory',
    providers: {
      anthropic: { message: 'Your API key does not have permission to use the specified resource.', type: 'permission_error' },
      gemini: { message: 'Permission denied on resource (or it may not exist).', type: 'PERMISSION_DENIED' },
      ollama: { message: 'permission denied' },
    },
  },
  model_not_found: {
    status: 404,
    message: 'The model `{model}` does not exist or you do not have access to it.',
    type: 'invalid_request_error',
    code: 'model_not_found',
    providers: {
      anthropic: { message: 'model: {model}', type: 'not_found_error' },
      gemini: { message: 'models/{model} is not found for API version v1beta, or is not supported for generateContent.', type: 'NOT_FOUND' },
      ollama: { message: "model '{model}' not found" },
    },
  },
  request_too_large: {
    status: 413,
    message: 'Request exceeds the maximum allowed number of bytes.',
    type: 'invalid_request_error',
    code: 'request_too_large',
    providers: { anthropic: { type: 'request_too_large' } },
  },
  rate_limit: {
    status: 429,
    message: 'Rate limit reached for {model} in organization org-mockllm on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in 1s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
    providers: {
      anthropic: { message: 'This request would exceed the rate limit for your organization of 50 requests per minute. Please retry after the time in the retry-after header.', type: 'rate_limit_error' },
      gemini: { message: 'Resource has been exhausted (e.g. check quota).', type: 'RESOURCE_EXHAUSTED' },
      ollama: { message: 'too many requests' },
    },
  },
  insufficient_quota: {
    status: 429,
    message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    providers: {
      anthropic: { message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.', type: 'rate_limit_error' },
      gemini: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'RESOURCE_EXHAUSTED' },
      ollama: { message: 'you have exceeded your usage quota' },
    },
  },
  server_error: {
    status: 500,
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    providers: {
      anthropic: { message: 'Internal server error', type: 'api_error' },
      gemini: { message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', type: 'INTERNAL' },
      ollama: { message: 'an error was encountered while running the model' },
    },
  },
  bad_gateway: {
    status: 502,
    message: 'Bad gateway.',
    type: 'server_error',
    providers: { anthropic: { type: 'api_error' }, gemini: { type: 'UNAVAILABLE' } },
  },
  overloaded: {
    status: 503,
    message: 'The engine is currently overloaded, please try again later',
    type: 'server_error',
    providers: {
      anthropic: { status: 529, message: 'Overloaded', type: 'overloaded_error' },
      gemini: { message: 'The model is overloaded. Please try again later.', type: 'UNAVAILABLE' },
      ollama: { message: 'server busy, please try again.  maximum pending requests exceeded' },
    },
  },
  gateway_timeout: {
    status: 504,
    message: 'Gateway timeout.',
    type: 'timeout_error',
    providers: { anthropic: { message: 'Request timed out', type: 'timeout_error' }, gemini: { message: 'The request timed out. Please try again.', type: 'DEADLINE_EXCEEDED' } },
  },
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
 * from the status), its provider override, then the fault's own fields, in that order.
 */
export function resolveStatusError(input: StatusErrorInput, provider: ProviderName, model: string | undefined): ErrorSpec {
  const presetName = input.preset ?? (input.status !== undefined ? PRESET_BY_STATUS[input.status] : undefined);
  const preset = presetName ? STATUS_PRESETS[presetName] : undefined;
  const { providers, ...base } = preset ?? { status: input.status ?? 500, message: '' };
  const merged: PresetError = { ...base, ...(providers?.[provider] ?? {}) };
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
