import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Cassette names derived from where a test lives: the test file (`test/chat.test.ts` →
 * `chat`) and, per test, its title (`chat/says-hello`). Names keep to the characters a
 * cassette name allows (`[A-Za-z0-9._-]` segments).
 */

const TEST_SUFFIX = /(\.(test|spec|e2e|it))?\.[cm]?[jt]sx?$/i;

/** `file:///…/test/chat.test.ts` or `/…/chat.spec.mjs` → `chat`. */
export function cassetteNameForFile(file: string): string {
  const path = file.startsWith('file:') ? fileURLToPath(file) : file;
  return slug(basename(path).replace(TEST_SUFFIX, '')) || 'default';
}

/** `says hello (stream)` → `says-hello-stream`; the file's name in front. */
export function cassetteNameForTitle(fileCassette: string, title: string): string {
  return `${fileCassette}/${slug(title) || 'untitled'}`;
}

/** Letters, digits, `.`, `_` and `-`; runs of anything else become one `-`. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 120);
}
