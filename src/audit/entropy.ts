/**
 * "Looks like a credential": a long token of mixed letters and digits whose characters
 * are spread like random data. Tuned on real provider headers (request ids, trace ids,
 * Cloudflare rays, digests must not trip it): hex is capped at 4 bits per character, so
 * the threshold sits above that, and ids shorter than 32 characters are left alone.
 */

const TOKEN = /[A-Za-z0-9_\-+/=.~]{32,}/g;
const MIN_BITS_PER_CHAR = 4.3;

/** Identifier prefixes providers put on non-secret ids. */
const ID_PREFIXES = /^(?:req_|request_|msg_|chatcmpl-|call_|resp_|toolu_|run_|file-|asst_|thread_|batch_|cmpl-|gen-)/;

/** Headers that carry ids or traces by definition: never reported for entropy. */
export const ID_HEADERS: ReadonlySet<string> = new Set([
  'request-id',
  'x-request-id',
  'apim-request-id',
  'x-amzn-requestid',
  'x-amzn-trace-id',
  'x-cloud-trace-context',
  'traceparent',
  'tracestate',
  'traceresponse',
  'cf-ray',
  'etag',
  'via',
  'azureml-model-session',
  'content-type',
  'user-agent',
]);

export function bitsPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The tokens of a header value that look like credentials. */
export function highEntropyTokens(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(TOKEN)) {
    const token = m[0];
    if (token.includes('REDACTED') || ID_PREFIXES.test(token)) continue;
    if (!/[A-Za-z]/.test(token) || !/[0-9]/.test(token)) continue;
    if (bitsPerChar(token) >= MIN_BITS_PER_CHAR) out.push(token);
  }
  return out;
}
