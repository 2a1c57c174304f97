/** Small readers for request bodies whose shape is not trusted. */

export function jsonField(json: unknown, field: string): string | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const v = (json as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : undefined;
}

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
