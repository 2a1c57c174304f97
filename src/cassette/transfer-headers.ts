/**
 * Response headers a cassette never holds and replay never sends as stored: they describe
 * one transfer (length, encoding, connection), not the content. Replay recomputes framing
 * for the bytes it sends; bodies are stored decoded.
 */
export const TRANSFER_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'proxy-connection',
  'trailer',
  'upgrade',
  'te',
]);
