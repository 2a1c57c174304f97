/**
 * The error catalog. Each user-facing condition has one stable code; messages say what
 * happened, why, and what to do. Tests and callers branch on `code`, never on text.
 */

export const ErrorCodes = {
  /** A cassette file is not valid JSON or fails the schema / semantic checks. */
  INVALID_CASSETTE: 'MOCKLLM_E_INVALID_CASSETTE',
  /** A cassette name (header, /c/NAME/ prefix, option) is not allowed. */
  INVALID_CASSETTE_NAME: 'MOCKLLM_E_INVALID_CASSETTE_NAME',
  /** Options from flags, env or config file are invalid. */
  INVALID_OPTIONS: 'MOCKLLM_E_INVALID_OPTIONS',
  /** The cassette directory does not exist or cannot be read. */
  CASSETTE_DIR: 'MOCKLLM_E_CASSETTE_DIR',
  /** Could not bind the listening port. */
  LISTEN: 'MOCKLLM_E_LISTEN',
  /** The request body exceeds the configured limit. */
  BODY_TOO_LARGE: 'MOCKLLM_E_BODY_TOO_LARGE',
  /** An overlay file or fault spec is invalid. */
  INVALID_FAULT: 'MOCKLLM_E_INVALID_FAULT',
  /** The upstream could not be reached or timed out. */
  UPSTREAM: 'MOCKLLM_E_UPSTREAM',
  /** A named cassette or interaction does not exist. */
  NOT_FOUND: 'MOCKLLM_E_NOT_FOUND',
  /** A write to disk failed. */
  WRITE: 'MOCKLLM_E_WRITE',
  /** A request did not match any recorded interaction (in-process use). */
  MISS: 'MOCKLLM_E_MISS',
  /** Interactions of the cassettes in use were never requested (in-process use, `--strict`-like checks). */
  UNUSED: 'MOCKLLM_E_UNUSED',
  /** `intercept()` was called while another interception is active in this process. */
  INTERCEPT_ACTIVE: 'MOCKLLM_E_INTERCEPT_ACTIVE',
  /** A detached server (`--detach` / `mockllm stop`) could not be started, found or stopped. */
  DETACH: 'MOCKLLM_E_DETACH',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

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

export function formatProblem(p: Problem): string {
  return `${p.file ?? '<input>'}: ${p.pointer || '/'}: ${p.message}`;
}

export function isMockllmError(e: unknown): e is MockllmError {
  return e instanceof MockllmError;
}
