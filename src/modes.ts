/**
 * The one decision of what to do with a request. Pure: servers carry it out, tests check
 * it as a table. Every outcome carries a reason that logs and miss messages show.
 */

export type ServerMode = 'replay' | 'record';
export type RecordMode = 'missing' | 'all';

export interface DecisionInput {
  mode: ServerMode;
  recordMode: RecordMode;
  strict: boolean;
  /** How many recorded interactions share this request's key in scope. */
  recordedCount: number;
  /** How many requests with this key were already answered in scope (the sequence cursor). */
  served: number;
  /** Whether a hand-written interaction's partial matcher accepts the request. */
  handwrittenMatch: boolean;
}

export type Decision =
  | { action: 'replay'; position: number; reason: string }
  | { action: 'render'; reason: string }
  | { action: 'forward'; reason: string }
  | { action: 'miss'; exhausted: boolean; reason: string };

export function decide(input: DecisionInput): Decision {
  const { mode, recordMode, strict, recordedCount, served, handwrittenMatch } = input;
  const exhausted = recordedCount > 0 && served >= recordedCount;

  if (mode === 'record' && recordMode === 'all') return { action: 'forward', reason: 'record-mode all forwards every request' };

  if (recordedCount > 0 && !exhausted)
    return { action: 'replay', position: served, reason: `recorded ${served + 1} of ${recordedCount}` };

  if (mode === 'record') {
    if (exhausted) return { action: 'forward', reason: `all ${recordedCount} recorded replies used; recording reply ${served + 1}` };
    if (handwrittenMatch) return { action: 'render', reason: 'hand-written match' };
    return { action: 'forward', reason: 'not in cassette; recording' };
  }

  if (exhausted) {
    if (strict) return { action: 'miss', exhausted: true, reason: `recorded ${recordedCount} time(s); --strict makes request ${served + 1} a miss` };
    return { action: 'replay', position: recordedCount - 1, reason: `recorded ${recordedCount} time(s); repeating the last` };
  }
  if (handwrittenMatch) return { action: 'render', reason: 'hand-written match' };
  return { action: 'miss', exhausted: false, reason: 'not recorded' };
}
