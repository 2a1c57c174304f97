/** One measured figure of `npm run bench`, with its target. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≥ 0.75× raw". */
  target: string;
  pass: boolean;
  detail?: string;
}
