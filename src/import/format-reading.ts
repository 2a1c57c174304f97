import type { ImportedExchange } from './imported-exchange.js';
import type { PostmanExample } from './postman-example.js';

/** The formats `mockllm import` reads. */
export const IMPORT_FORMATS = ['har', 'vcr', 'postman'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Something in an input file that is not imported, and why (the report counts reasons). */
export class ImportSkip {
  constructor(
    readonly reason: string,
    /** Where it is in its file. */
    readonly pointer: string,
  ) {}
}

/** What a format reader found in one file, before normalizing and redacting. */
export interface FormatReading {
  /** Recorded exchanges (HAR entries, vcrpy interactions). */
  exchanges: ImportedExchange[];
  /** Saved examples (Postman), which become hand-written interactions. */
  examples?: PostmanExample[];
  skipped: ImportSkip[];
}

export type FormatReader = (text: string, file: string) => FormatReading;

/**
 * Readers by format, loaded on first use: a command that imports nothing never loads
 * them (nor the YAML parser the vcr reader needs).
 */
export async function formatReader(format: ImportFormat): Promise<FormatReader> {
  switch (format) {
    case 'har':
      return (await import('./har-format.js')).readHar;
    case 'vcr': {
      const { readVcr, loadYaml } = await import('./vcr-format.js');
      const yaml = await loadYaml();
      return (text, file) => readVcr(text, file, yaml);
    }
    case 'postman':
      return (await import('./postman-format.js')).readPostman;
  }
}

/** What the cassette's `meta.imported` says about each format's timing. */
export const TIMING_NOTES: Readonly<Record<ImportFormat, string>> = {
  har: 'a HAR records no per-event times: stream event offsets are spread evenly over each entry\'s timings.receive, after the time to the response head',
  vcr: 'vcrpy cassettes record no timing: every offset is 0',
  postman: 'Postman examples record no timing: literal responses have offset 0; replies are paced by their own fields',
};
