import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASSETTE_VERSION, type Cassette } from '../cassette/types.js';
import { CASSETTE_SCHEMA_PATH } from '../cassette/validate.js';

/**
 * `$schema` for a new cassette file: the package's schemas/cassette.schema.json, relative
 * to the cassette's folder, so editors validate it offline wherever the project lives.
 */
export function schemaReference(cassetteFile: string): string {
  const path = relative(dirname(cassetteFile), fileURLToPath(CASSETTE_SCHEMA_PATH)).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** The skeleton a recording starts from when the cassette file does not exist yet. */
export function newCassette(cassetteFile: string, upstreamOrigin: string, now: Date): Cassette {
  return {
    $schema: schemaReference(cassetteFile),
    version: CASSETTE_VERSION,
    meta: { created: now.toISOString(), upstream: upstreamOrigin, recorder: 'mockllm' },
    interactions: [],
  };
}
