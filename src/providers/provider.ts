import type { IncomingHttpHeaders } from 'node:http';
import type { StreamFraming } from '../cassette/types.js';

export type ProviderName = 'openai' | 'ollama' | 'anthropic' | 'gemini';
export const PROVIDER_NAMES: readonly ProviderName[] = ['openai', 'ollama', 'anthropic', 'gemini'];

/** The parts of a request a provider adapter looks at. */
export interface RequestView {
  method: string;
  /** Path without query and without a `/c/NAME` cassette prefix. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

/** A provider-independent description of an error; each adapter gives it its wire shape. */
export interface ErrorSpec {
  status: number;
  message: string;
  /** Provider error type (OpenAI `type`, Anthropic `error.type`, Gemini `status`); a sensible default per status when absent. */
  type?: string;
  code?: string | null;
  param?: string | null;
}

export interface ErrorPayload {
  contentType: string;
  body: Buffer;
}

/**
 * What mockllm knows about one provider's wire protocol. The core never looks at provider
 * details itself; it asks the adapter chosen for the request.
 */
export interface ProviderAdapter {
  readonly name: ProviderName;
  /** Whether this request is addressed to this provider (by path and headers). */
  detect(req: RequestView): boolean;
  model(req: RequestView): string | undefined;
  /** Whether the request asks for a streamed response. */
  wantsStream(req: RequestView): boolean;
  /** The body of an HTTP error response in the provider's own shape. */
  errorBody(spec: ErrorSpec): ErrorPayload;
  /** The provider's in-band error frame for a failure after the stream started. */
  streamErrorFrame(spec: ErrorSpec, framing: StreamFraming): Buffer;
  /** Whether a stream frame is the provider's end marker ([DONE], done:true, message_stop). */
  isTerminator(frame: Buffer, framing: StreamFraming): boolean;
}
