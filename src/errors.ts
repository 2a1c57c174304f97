/**
 * The error catalog. Each condition has one stable `MOCKLLM_E_*` code, never reused for
 * another condition, and, where it answers an HTTP request, one status. Messages say what
 * happened, why, and what to do. Tests and callers branch on `code`, never on text.
 *
 * Built like fastify's and undici's catalogs: one definition per condition (code, HTTP
 * status, what it means), and factories for the conditions raised in more than one place,
 * so the same condition is always worded the same way.
 */

interface ErrorDefinition {
  readonly code: `MOCKLLM_E_${string}`;
  /** The HTTP status when this error answers a request (admin or provider path). */
  readonly status: number;
}

/** Every condition, by name. `status` is what an HTTP answer carries. */
export const ERROR_CATALOG = {
  /** A cassette file is not valid JSON, fails the schema or semantic checks, or holds what replay cannot serve. */
  INVALID_CASSETTE: { code: 'MOCKLLM_E_INVALID_CASSETTE', status: 422 },
  /** A cassette name (header, /c/NAME/ prefix, option) is not allowed, or resolves outside the cassette directory. */
  INVALID_CASSETTE_NAME: { code: 'MOCKLLM_E_INVALID_CASSETTE_NAME', status: 400 },
  /** Options from flags, env or config file are invalid. */
  INVALID_OPTIONS: { code: 'MOCKLLM_E_INVALID_OPTIONS', status: 400 },
  /** The cassette directory does not exist or cannot be read. */
  CASSETTE_DIR: { code: 'MOCKLLM_E_CASSETTE_DIR', status: 500 },
  /** Could not bind the listening port. */
  LISTEN: { code: 'MOCKLLM_E_LISTEN', status: 500 },
  /** The request body (or an admin body) exceeds the configured limit. */
  BODY_TOO_LARGE: { code: 'MOCKLLM_E_BODY_TOO_LARGE', status: 413 },
  /** The request's JSON nests deeper than mockllm handles (a documented limit). */
  REQUEST_TOO_DEEP: { code: 'MOCKLLM_E_REQUEST_TOO_DEEP', status: 400 },
  /** The request body did not arrive within `--request-timeout`. */
  REQUEST_TIMEOUT: { code: 'MOCKLLM_E_REQUEST_TIMEOUT', status: 408 },
  /** The request itself is malformed (request target, percent-encoding, a header value). */
  BAD_REQUEST: { code: 'MOCKLLM_E_BAD_REQUEST', status: 400 },
  /** An overlay file, fault spec, `x-mockllm-fault` header or fault query parameter is invalid. */
  INVALID_FAULT: { code: 'MOCKLLM_E_INVALID_FAULT', status: 400 },
  /** A user regular expression (hand-written matcher, `--redact-pattern`, overlay selector) is invalid or cannot run in linear time. */
  INVALID_PATTERN: { code: 'MOCKLLM_E_INVALID_PATTERN', status: 400 },
  /** The upstream could not be reached, or broke the exchange off. */
  UPSTREAM: { code: 'MOCKLLM_E_UPSTREAM', status: 502 },
  /** The upstream did not answer within `--upstream-timeout-ms`. */
  UPSTREAM_TIMEOUT: { code: 'MOCKLLM_E_UPSTREAM_TIMEOUT', status: 504 },
  /** A named cassette, interaction, file or admin path does not exist. */
  NOT_FOUND: { code: 'MOCKLLM_E_NOT_FOUND', status: 404 },
  /** A file that a command would create already exists (`mockllm new` without `--force`). */
  FILE_EXISTS: { code: 'MOCKLLM_E_FILE_EXISTS', status: 409 },
  /** A write to disk failed (one attempt; the recorder keeps the recording and retries). */
  WRITE: { code: 'MOCKLLM_E_WRITE', status: 500 },
  /** Recordings could not be written by the end of the session (exit 3). */
  WRITE_FAILED: { code: 'MOCKLLM_E_WRITE_FAILED', status: 500 },
  /** Another process holds a cassette's lock for longer than mockllm waits. */
  CASSETTE_LOCKED: { code: 'MOCKLLM_E_CASSETTE_LOCKED', status: 503 },
  /** A request did not match any recorded interaction. */
  MISS: { code: 'MOCKLLM_E_MISS', status: 404 },
  /** Interactions of the cassettes in use were never requested (`--strict`-like checks). */
  UNUSED: { code: 'MOCKLLM_E_UNUSED', status: 500 },
  /** `intercept()` was called while another interception is active in this process. */
  INTERCEPT_ACTIVE: { code: 'MOCKLLM_E_INTERCEPT_ACTIVE', status: 500 },
  /** A detached server (`--detach` / `mockllm stop`) could not be started, found or stopped. */
  DETACH: { code: 'MOCKLLM_E_DETACH', status: 500 },
  /** A helper or handle was used before it started (or after it stopped). */
  NOT_STARTED: { code: 'MOCKLLM_E_NOT_STARTED', status: 500 },
  /** An admin request is refused: foreign `Origin`, non-loopback `Host` on a loopback bind. */
  FORBIDDEN: { code: 'MOCKLLM_E_FORBIDDEN', status: 403 },
  /** An admin request on a non-loopback bind lacks the `--admin-token` bearer token. */
  UNAUTHORIZED: { code: 'MOCKLLM_E_UNAUTHORIZED', status: 401 },
  /** A state-changing admin request without `content-type: application/json`. */
  UNSUPPORTED_MEDIA_TYPE: { code: 'MOCKLLM_E_UNSUPPORTED_MEDIA_TYPE', status: 415 },
  /** An admin path exists, but not for this method. */
  METHOD_NOT_ALLOWED: { code: 'MOCKLLM_E_METHOD_NOT_ALLOWED', status: 405 },
  /** A file to import is not in the format it claims, or of an unsupported version. */
  INVALID_IMPORT: { code: 'MOCKLLM_E_INVALID_IMPORT', status: 400 },
  /** A bug in mockllm: the request got a 500, the server keeps serving. */
  INTERNAL: { code: 'MOCKLLM_E_INTERNAL', status: 500 },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorName = keyof typeof ERROR_CATALOG;

/** Code by name: `ErrorCodes.MISS === 'MOCKLLM_E_MISS'`. */
export const ErrorCodes = Object.freeze(
  Object.fromEntries(Object.entries(ERROR_CATALOG).map(([name, d]) => [name, d.code])) as { readonly [K in ErrorName]: (typeof ERROR_CATALOG)[K]['code'] },
);

export type ErrorCode = (typeof ERROR_CATALOG)[ErrorName]['code'];

const STATUS_BY_CODE: ReadonlyMap<string, number> = new Map(Object.values(ERROR_CATALOG).map((d) => [d.code, d.status]));

/** The HTTP status an error with this code answers with. */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS_BY_CODE.get(code) ?? 500;
}

/** One located problem: which file, which JSON pointer, what was expected. */
export interface Problem {
  file?: string;
  pointer: string;
  message: string;
}

export class MockllmError extends Error {
  readonly code: ErrorCode;
  /** Extra lines a CLI prints under the message (e.g. one per schema problem). */
  readonly details: string[];

  constructor(code: ErrorCode, message: string, details: string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MockllmError';
    this.code = code;
    this.details = details;
  }

  /** The HTTP status this error answers a request with. */
  get status(): number {
    return httpStatusOf(this.code);
  }
}

export class InvalidCassetteError extends MockllmError {
  readonly problems: Problem[];
  constructor(file: string, problems: Problem[]) {
    super(
      ErrorCodes.INVALID_CASSETTE,
      `invalid cassette ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix the lines below or run \`mockllm validate ${file}\``,
      problems.map(formatProblem),
    );
    this.name = 'InvalidCassetteError';
    this.problems = problems;
  }
}

/** `file: /pointer: message`, the one way a located problem is printed. */
export function formatProblem(p: Problem): string {
  return `${p.file ?? '<input>'}: ${p.pointer || '/'}: ${p.message}`;
}

export function isMockllmError(e: unknown): e is MockllmError {
  return e instanceof MockllmError;
}

/**
 * Factories for conditions raised from more than one place, so each is worded once.
 * `Errors.requestTooDeep(1000)` → a MockllmError with code MOCKLLM_E_REQUEST_TOO_DEEP.
 */
export const Errors = {
  internal: (what: string, cause: unknown) =>
    new MockllmError(ErrorCodes.INTERNAL, `mockllm internal error while ${what}: ${(cause as Error)?.message ?? String(cause)}; please report it`, [], { cause }),
  requestTooDeep: (limit: number, where = 'request body') =>
    new MockllmError(ErrorCodes.REQUEST_TOO_DEEP, `the ${where} nests JSON deeper than ${limit} levels, which mockllm does not handle; flatten it`),
  bodyTooLarge: (size: number, limit: number, flag = '--max-body-bytes') =>
    new MockllmError(ErrorCodes.BODY_TOO_LARGE, `request body of ${size} bytes exceeds the limit of ${limit} bytes; raise it with ${flag}`),
  requestTimeout: (ms: number) =>
    new MockllmError(ErrorCodes.REQUEST_TIMEOUT, `the request body did not arrive within ${ms} ms; raise --request-timeout if the client is slow on purpose`),
  badRequest: (why: string) => new MockllmError(ErrorCodes.BAD_REQUEST, `malformed request: ${why}`),
  notStarted: (what: string) => new MockllmError(ErrorCodes.NOT_STARTED, `mockllm: ${what} is not started yet (or already stopped); use it inside tests or hooks, after the helper's before hook has run`),
  fileExists: (file: string) => new MockllmError(ErrorCodes.FILE_EXISTS, `${file} exists; pick another name or pass --force`),
} as const;
