import type { ErrorSpec } from '../../providers/provider.js';
import { onStreams, type FaultKind, type FaultTarget } from '../fault-kind.js';
import type { StreamErrorFault } from '../fault-spec.js';
import { atEvent, write } from '../stream-position.js';
import { resolveStatusError } from '../presets/status-presets.js';
import { DEFAULT_AFTER } from './truncate.js';

/**
 * `stream_error`: `after` events go out (status stays 200), then the provider's own in-band
 * error (the adapter's `streamErrorFrame`: OpenAI `data: {"error":…}`, Ollama an
 * `{"error":"…"}` line, Anthropic `event: error` with `overloaded_error`, Gemini a `data:`
 * error object), then the response ends without the terminator.
 */
export const streamErrorKind: FaultKind<StreamErrorFault> = {
  kind: 'stream_error',
  replacesResponse: false,
  appliesTo: onStreams,
  apply(spec, target) {
    const framing = target.stream!;
    const frame = target.provider.streamErrorFrame(inBandError(spec, target), framing);
    return { operator: atEvent(spec.after ?? DEFAULT_AFTER, () => [write(frame), { kind: 'end' }]) };
  },
};

/** The status the provider's real mid-stream failures describe (the adapter's `streamErrorStatus`: Anthropic 529, else 500). */
function inBandError(spec: StreamErrorFault, target: FaultTarget): ErrorSpec {
  const status = spec.status ?? target.provider.streamErrorStatus;
  const input: Parameters<typeof resolveStatusError>[0] = { status };
  if (spec.message !== undefined) input.message = spec.message;
  if (spec.type !== undefined) input.type = spec.type;
  if (spec.code !== undefined) input.code = spec.code;
  return resolveStatusError(input, target.provider, target.provider.model(target.view));
}
