import { readFileSync } from 'node:fs';
import type { Cassette, Interaction, RecordedInteraction } from '../cassette/types.js';
import { isHandWritten } from '../cassette/types.js';
import { documentDepthProblem } from '../cassette/servable-checks.js';
import { requestKey } from '../match/request-key.js';
import { writeCassetteAtomic } from '../store/cassette-files.js';
import { auditCassette, type AuditRules, type Finding } from './secret-scan.js';

export interface FileAudit {
  file: string;
  /** What was found (with `fix`: what was found before fixing). */
  findings: Finding[];
  /** With `fix`: findings still there after the rewrite (none unless the file could not be fixed). */
  remaining: Finding[];
  /** The file could not be read or parsed. */
  problem?: string;
}

/**
 * Audits one cassette file; with `fix`, scrubs every finding and rewrites the file
 * atomically. A fixed request gets its stored key recomputed when that key matched it
 * before, so `mockllm validate` stays happy.
 */
export async function auditFile(file: string, rules: AuditRules, fix: boolean): Promise<FileAudit> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { file, findings: [], remaining: [], problem: `cannot read as JSON: ${(e as Error).message}` };
  }
  // The scan walks the document recursively: a document nested past the limit is reported, not walked.
  const deep = documentDepthProblem(value);
  if (deep) return { file, findings: [], remaining: [], problem: `${deep.pointer}: ${deep.message}` };
  const { findings, fixed } = auditCassette(value, rules, fix);
  if (!fix || findings.length === 0) return { file, findings, remaining: findings.length > 0 && fix ? findings : [] };
  if (!isCassetteShaped(fixed) || !isCassetteShaped(value)) return { file, findings, remaining: findings, problem: 'not a cassette (no interactions list); fix it by hand' };
  fixed.interactions.forEach((i, n) => refreshKey(value.interactions[n], i));
  await writeCassetteAtomic(file, fixed);
  return { file, findings, remaining: auditCassette(fixed, rules).findings };
}

function isCassetteShaped(v: unknown): v is Cassette {
  return v !== null && typeof v === 'object' && Array.isArray((v as Cassette).interactions);
}

function refreshKey(before: Interaction | undefined, after: Interaction): void {
  if (!before || isHandWritten(before) || isHandWritten(after)) return;
  const [b, a] = [before as RecordedInteraction, after as RecordedInteraction];
  if (b.key === undefined || !b.request || !a.request) return;
  if (requestKey(b.request) === b.key) a.key = requestKey(a.request);
}
