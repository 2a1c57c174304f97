import type { ExecutionContext } from 'ava';

/** One timing measurement: did it meet the bound, and what it saw (for the failure message). */
export interface TimingSample {
  ok: boolean;
  report: string;
}

/**
 * Timing bounds on a shared, noisy machine. A sample spoiled by another process (an
 * event-loop stall of tens of milliseconds delays the bytes themselves) is measured
 * again, at most `attempts` times in all; the test fails with every sample's report when
 * none meets the bound. A real pacing bug (accumulated sleeps, buffering) fails every
 * sample, so it still fails the test.
 */
export async function someSampleMeets(t: ExecutionContext, what: string, sample: () => Promise<TimingSample>, attempts = 3): Promise<void> {
  const reports: string[] = [];
  for (let i = 0; i < attempts; i++) {
    const s = await sample();
    reports.push(s.report);
    if (s.ok) {
      t.log(i === 0 ? s.report : `met on sample ${i + 1}:\n${reports.join('\n')}`);
      t.pass();
      return;
    }
  }
  t.fail(`${what}: no sample of ${attempts} met the bound:\n${reports.join('\n')}`);
}
