import { createHash } from 'node:crypto';

/**
 * A uniform number in [0, 1) derived only from its inputs — never from Math.random — so the
 * same seed, rule, request and ordinal always decide the same way, in any arrival order.
 */
export function seededUniform(seed: number, salt: string, key: string, ordinal: number): number {
  const hex = createHash('sha256').update(`${seed}\n${salt}\n${key}\n${ordinal}`).digest('hex');
  return parseInt(hex.slice(0, 13), 16) / 2 ** 52;
}
