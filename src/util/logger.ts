import { appendFileSync } from 'node:fs';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Where log lines go; library use is quiet by default, the CLI logs info to stderr. */
export interface Logger {
  readonly level: LogLevel;
  /** Whether lines of this level are written: skip building costly lines otherwise. */
  enabled(level: LogLevel): boolean;
  error(line: string): void;
  warn(line: string): void;
  info(line: string): void;
  debug(line: string): void;
}

export function createLogger(level: LogLevel, options: { file?: string; write?: (line: string) => void } = {}): Logger {
  const sink =
    options.write ??
    (options.file
      ? (line: string) => appendFileSync(options.file!, `${line}\n`)
      : (line: string) => process.stderr.write(`${line}\n`));
  const at = (l: LogLevel) => (line: string) => {
    if (RANK[l] <= RANK[level]) sink(line);
  };
  return { level, enabled: (l) => RANK[l] <= RANK[level], error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

export const silentLogger: Logger = createLogger('silent');
