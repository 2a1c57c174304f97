/**
 * `npm run bench [replay|record]`: every benchmark, each against a baseline measured in
 * the same run, as ratios or differences (the machine is small and noisy: absolute numbers
 * mean little). Loopback only, bounded in time (about a minute and a half in all). Exit
 * code 0 even when a target is missed: the table says so.
 */
import type { BenchResult } from './bench-result.js';
import { benchRecordOverhead } from './record-overhead.js';
import { benchReplay } from './replay-throughput.js';

const suites: Array<[string, () => Promise<BenchResult[]>]> = [
  ['replay', benchReplay],
  ['record', benchRecordOverhead],
];

const only = process.argv[2];
const all: BenchResult[] = [];
for (const [name, run] of suites) {
  if (only && only !== name) continue;
  process.stdout.write(`# ${name}\n`);
  for (const r of await run()) {
    all.push(r);
    const value = r.unit === 'ms' ? `${r.value.toFixed(1)} ms` : `${r.value.toFixed(2)}${r.unit.startsWith('×') ? '' : ' '}${r.unit}`;
    process.stdout.write(`${r.pass ? 'PASS' : 'MISS'}  ${r.name}: ${value}  (target ${r.target})\n`);
    if (r.detail) process.stdout.write(`      ${r.detail}\n`);
  }
}
const missed = all.filter((r) => !r.pass).length;
process.stdout.write(`\n${all.length - missed} of ${all.length} targets met\n`);
