/**
 * A concrete path for a matcher's path glob, for the sample request `mockllm render` sends:
 * each `**` becomes `v1` and each `*` becomes `x`.
 */
export function concreteGlobPath(glob: string): string {
  return glob.replace(/\*\*/g, 'v1').replace(/\*/g, 'x');
}
