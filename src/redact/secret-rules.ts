/**
 * What counts as a secret. One table, used by the recorder (never write these), the
 * key (never hash these) and `mockllm audit` (find these in cassettes).
 */

export const REDACTED = 'REDACTED';

/** Request headers never written to a cassette (lower-case). */
export const SECRET_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
  'cookie',
  'proxy-authorization',
  'openai-organization',
  'openai-project',
  'x-amz-security-token',
]);

/** Response headers never written to a cassette (lower-case). */
export const SECRET_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'set-cookie',
  'openai-organization',
  'openai-project',
  'anthropic-organization-id',
]);

/** Query parameters stored as REDACTED and left out of the request key. */
export const SECRET_QUERY_PARAMS: ReadonlySet<string> = new Set(['key', 'api_key', 'apikey', 'access_token', 'token']);

export interface SecretPattern {
  kind: string;
  regex: RegExp;
  /** What replaces a match; defaults to REDACTED. */
  replacement?: string;
}

/** Secret shapes scrubbed from everything written, and reported by `audit`. Order matters: most specific first. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: 'anthropic-key', regex: /sk-ant-[A-Za-z0-9_-]{8,}/g },
  { kind: 'openai-masked-key', regex: /sk-[A-Za-z0-9_-]*\*{3,}[A-Za-z0-9_-]*/g },
  { kind: 'openai-key', regex: /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g },
  { kind: 'google-api-key', regex: /AIza[0-9A-Za-z_-]{30,}/g },
  { kind: 'jwt', regex: /eyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g },
  { kind: 'bearer-token', regex: /\b(Bearer\s+)(?!REDACTED\b)[A-Za-z0-9._~+/=-]{12,}/g, replacement: `$1${REDACTED}` },
];

/** Seen secret values shorter than this are not scrubbed from bodies (e.g. `Bearer ollama`). */
export const MIN_SEEN_SECRET_LENGTH = 12;
