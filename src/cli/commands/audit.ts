import type { Argv } from 'yargs';
import { withExamples } from '../command-examples.js';
import { auditFile } from '../../audit/cassette-audit.js';
import { auditRules } from '../../audit/secret-scan.js';
import { readConfigFile } from '../../config/options.js';
import { formatProblem } from '../../errors.js';
import { cassetteFilesFrom } from '../cassette-paths.js';
import { EXIT_FAILED, exitWithError } from '../cli-error.js';

export function auditCommand<T>(y: Argv<T>) {
  return y.command(
    'audit [paths..]',
    'scan cassettes for secrets (keys, secret headers and query parameters, high-entropy header values); exit 1 on any finding',
    (c) =>
      withExamples(c, 'audit')
        .positional('paths', { type: 'string', array: true, describe: 'cassette files or directories [./cassettes]' })
        .option('fix', { type: 'boolean', describe: 'scrub the findings in place (atomic rewrite)' })
        .option('redact-pattern', { type: 'string', array: true, describe: 'extra secret regular expression (repeatable)' })
        .option('redact-header', { type: 'string', array: true, describe: 'extra secret header name (repeatable)' })
        .option('config', { type: 'string', describe: 'JSON config file; its redactPattern and redactHeader apply too' }),
    async (argv) => {
      try {
        const config = argv.config ? readConfigFile(argv.config) : {};
        const patterns = [...strings(config.redactPattern), ...(argv.redactPattern ?? [])];
        const headers = [...strings(config.redactHeader), ...(argv.redactHeader ?? [])];
        const paths = argv.paths && argv.paths.length > 0 ? argv.paths : ['./cassettes'];
        process.exit(await runAudit(paths, { patterns, headers, fix: argv.fix ?? false }));
      } catch (e) {
        exitWithError(e);
      }
    },
  );
}

export interface AuditOptions {
  /** Extra secret patterns (RE2 syntax: run in linear time); one RE2 cannot run is refused with MOCKLLM_E_INVALID_PATTERN. */
  patterns: Array<string | RegExp>;
  headers: string[];
  fix: boolean;
}

/** Prints `file: /pointer: kind` per finding and a closing line; returns the exit code. */
export async function runAudit(paths: string[], options: AuditOptions, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const rules = auditRules(options.patterns, options.headers);
  const files = cassetteFilesFrom(paths);
  let failing = 0;
  let fixedCount = 0;
  for (const { file } of files) {
    const result = await auditFile(file, rules, options.fix);
    if (result.problem) out(formatProblem({ file, pointer: '', message: result.problem }));
    const report = options.fix ? result.remaining : result.findings;
    if (options.fix && result.findings.length > result.remaining.length) {
      fixedCount += result.findings.length - result.remaining.length;
      out(`${file}: fixed ${result.findings.length - result.remaining.length} finding(s)`);
    }
    for (const f of report) out(`${file}: ${f.pointer || '/'}: ${f.kind}`);
    if (report.length > 0 || result.problem) failing++;
  }
  if (failing > 0) {
    out(`${failing} of ${files.length} cassette(s) have secrets or could not be read${options.fix ? ' after --fix' : '; scrub them with `mockllm audit --fix`'}`);
    return EXIT_FAILED;
  }
  out(`ok: ${files.length} cassette(s) audited, ${options.fix && fixedCount > 0 ? `${fixedCount} finding(s) fixed, ` : ''}no secrets found`);
  return 0;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
