import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { auditCassette, auditRules } from '../audit/secret-scan.js';
import { checkCassetteName } from '../cassette/cassette-name.js';
import { serializeCassette } from '../cassette/serializer.js';
import { CASSETTE_VERSION, isHandWritten, type Cassette, type Interaction } from '../cassette/types.js';
import { cassetteProblems } from '../cassette/validate.js';
import { ErrorCodes, formatProblem, isMockllmError, MockllmError } from '../errors.js';
import { rememberSecrets } from '../match/normalize.js';
import { DEFAULT_KEY_OPTIONS, requestKey } from '../match/request-key.js';
import { detectProvider } from '../providers/registry.js';
import { schemaReference } from '../record/new-cassette.js';
import { Scrubber } from '../redact/scrubber.js';
import { cassettePath, readCassetteFile, writeCassetteAtomic } from '../store/cassette-files.js';
import { interactionFromExchange, type Skip } from './exchange-interaction.js';
import { formatReader, TIMING_NOTES, type FormatReading, type ImportFormat } from './format-reading.js';
import { invalidImport } from './import-error.js';
import { mergeImport, type ImportedSourceMeta, type ImportMode } from './import-merge.js';
import { llmProviderOf, requestView } from './llm-endpoint.js';
import { handWrittenFromExample } from './postman-interaction.js';
import type { SourceNode } from './source-node.js';
import { MAX_JSON_DEPTH } from '../util/json-depth.js';

export interface ImportOptions {
  format: ImportFormat;
  files: readonly string[];
  cassettes: string;
  cassette: string;
  mode: ImportMode;
  /** Import exchanges that are not LLM API calls too. */
  all: boolean;
  /** The recorder's user redaction settings (`--redact-header`, `--redact-pattern`, `--redact-pointer`). */
  redactHeaders?: readonly string[];
  redactPatterns?: readonly RegExp[];
  redactPointers?: readonly string[];
}

/** What one input file gave. */
export interface SourceReport {
  file: string;
  imported: number;
  /** Count per reason, in first-seen order. */
  skipped: Map<string, number>;
}

export interface ImportReport {
  cassetteFile: string;
  created: boolean;
  /** The file's bytes did not change (same input imported again). */
  unchanged: boolean;
  /** Nothing was importable and no cassette existed: nothing was written. */
  nothingWritten: boolean;
  sources: SourceReport[];
  imported: number;
  replaced: number;
  /** Values the recorder's rules let through but `mockllm audit` would report, scrubbed. */
  auditScrubbed: number;
}

/** The reason counted for exchanges the LLM filter leaves out. */
export const NOT_LLM_REASON = 'not an LLM API call (--all imports it)';

/**
 * `mockllm import`: reads every file (all of them, before anything is written), turns
 * each exchange into a recorded interaction through the recorder's own storing path and
 * each Postman example into a hand-written one, redacts with one scrubber that has seen
 * every secret of every file, scrubs whatever `mockllm audit` would still report, merges
 * into the cassette, validates the result, and writes it atomically — or throws, leaving
 * the cassette as it was.
 */
export async function importIntoCassette(options: ImportOptions): Promise<ImportReport> {
  const name = checkCassetteName(options.cassette);
  const cassetteFile = cassettePath(options.cassettes, name);
  checkDistinctNames(options.files);
  const read = await formatReader(options.format);
  const readings = options.files.map((file) => ({ file, reading: read(readInput(file), file) }));

  const scrubber = new Scrubber([...(options.redactPatterns ?? [])], { headers: options.redactHeaders ?? [], pointers: options.redactPointers ?? [] });
  // One scrubber for all files, told every secret first: a key sent in one entry and
  // echoed in an earlier one's body is still scrubbed there.
  for (const { reading } of readings) {
    for (const e of reading.exchanges) rememberSecrets(e.request, scrubber);
    for (const e of reading.examples ?? []) rememberSecrets(e.request, scrubber);
  }

  const imported: Interaction[] = [];
  const sources: SourceReport[] = [];
  const metas: ImportedSourceMeta[] = [];
  let auditScrubbed = 0;
  for (const { file, reading } of readings) {
    const report: SourceReport = { file, imported: 0, skipped: new Map() };
    const skip = (reason: string) => report.skipped.set(reason, (report.skipped.get(reason) ?? 0) + 1);
    for (const s of reading.skipped) skip(s.reason);
    const prefix = idPrefix(options.format, file);
    const built = await interactionsOf(reading, options.format, prefix, scrubber, options.all, skip);
    auditScrubbed += scrubAuditFindings(built, options);
    assignRecordedIds(built, prefix);
    imported.push(...built);
    report.imported = built.length;
    sources.push(report);
    metas.push({ format: options.format, file: basename(file), interactions: built.length, timing: TIMING_NOTES[options.format] });
  }

  const exists = existsSync(cassetteFile);
  const report: ImportReport = { cassetteFile, created: !exists, unchanged: false, nothingWritten: false, sources, imported: imported.length, replaced: 0, auditScrubbed };
  if (!exists && imported.length === 0) return { ...report, nothingWritten: true };

  const before = exists ? readFileSync(cassetteFile, 'utf8') : undefined;
  const base = exists ? readCassetteFile(cassetteFile, { key: DEFAULT_KEY_OPTIONS, checkStoredKeys: false }) : newCassette(cassetteFile, readings.flatMap((r) => r.reading.exchanges.map((e) => e.origin)));
  const { cassette, replaced } = mergeImport({ base, imported, mode: options.mode, prefixes: options.files.map((f) => idPrefix(options.format, f)), sources: metas });
  validate(cassette, cassetteFile);
  const text = serializeCassette(cassette);
  if (text === before) return { ...report, replaced, unchanged: true };
  await writeCassetteAtomic(cassetteFile, cassette);
  return { ...report, replaced };
}

async function interactionsOf(reading: FormatReading, format: ImportFormat, prefix: string, scrubber: Scrubber, all: boolean, skip: (reason: string) => void): Promise<Interaction[]> {
  const out: Interaction[] = [];
  for (const e of reading.exchanges) {
    const r = e.request;
    if (!all && !llmProviderOf(requestView(r.method, r.path, r.search, r.headers, r.body))) {
      skip(NOT_LLM_REASON);
      continue;
    }
    const built = await tooDeepIsBadInput(e.node, () => interactionFromExchange(e, scrubber));
    if ('reason' in built) skip(built.reason);
    // Where it came from, for a reviewer: the entry's position in its file and its URL (path as stored: scrubbed, no query).
    else out.push({ note: scrubber.scrub(`${SOURCE_LABEL[format]} ${e.index}: ${built.request.method} ${e.origin}${built.request.path}`), ...built });
  }
  const handWritten: { interaction: Interaction; history: number }[] = [];
  for (const e of reading.examples ?? []) {
    const r = e.request;
    const view = requestView(r.method, r.path, r.search, r.headers, r.body);
    const provider = llmProviderOf(view) ?? (all ? detectProvider(view) : undefined);
    if (!provider) {
      skip(NOT_LLM_REASON);
      continue;
    }
    const built = await tooDeepIsBadInput(e.node, async () => handWrittenFromExample(e, provider, scrubber, headerSafe(`${prefix}${scrubber.scrub(e.path)}`)));
    if ('reason' in built) skip(built.reason);
    else handWritten.push({ interaction: built, history: built.match.conversation?.length ?? 0 });
  }
  // Among hand-written matches the first in file order wins: the example with the longer
  // history is the more specific one, so it comes first (stable for equal lengths).
  out.push(...handWritten.sort((a, b) => b.history - a.history).map((h) => h.interaction));
  return out;
}

/**
 * `mockllm audit` must pass on what an import writes. The storing path already removed
 * secret headers, secret query values, known secret shapes and every secret value seen;
 * what can remain is what only the audit looks for (a high-entropy value in some other
 * header). Those are scrubbed the way `audit --fix` scrubs them, keys recomputed.
 */
function scrubAuditFindings(interactions: Interaction[], options: ImportOptions): number {
  const rules = auditRules([...(options.redactPatterns ?? [])], [...(options.redactHeaders ?? [])]);
  const { findings, fixed } = auditCassette({ version: CASSETTE_VERSION, interactions }, rules, true);
  if (findings.length === 0) return 0;
  (fixed as Cassette).interactions.forEach((i, n) => {
    if (!isHandWritten(i) && i.key !== undefined) i.key = requestKey(i.request);
    interactions[n] = i;
  });
  return findings.length;
}

/**
 * A request body nested deeper than mockllm's JSON depth limit (which the storing path
 * refuses, as the server does) is bad input at this entry, not a crash; so is anything
 * that still overflows the stack.
 */
async function tooDeepIsBadInput<T>(node: SourceNode, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (e) {
    const tooDeep = e instanceof RangeError || (isMockllmError(e) && e.code === ErrorCodes.REQUEST_TOO_DEEP);
    if (tooDeep) return node.fail(`its JSON nests deeper than mockllm stores (${MAX_JSON_DEPTH} levels); flatten it or leave this entry out`);
    throw e;
  }
}

/** How a note names an exchange's place in its file. */
const SOURCE_LABEL: Record<ImportFormat, string> = { har: 'HAR entry', vcr: 'vcrpy interaction', postman: 'Postman example' };

/**
 * Ids of imported recordings: `FORMAT:FILE#` + the first 12 hex digits of the request key
 * (`~2`, `~3`… for repeats of one request in the file). Not the entry's position: an
 * edited file whose entries moved must not give an old interaction's id to a new one
 * (ids are unique in a cassette, and `--merge` replaces by key and id).
 */
function assignRecordedIds(interactions: Interaction[], prefix: string): void {
  const used = new Map<string, number>();
  interactions.forEach((i, n) => {
    if (isHandWritten(i) || i.key === undefined) return;
    const base = `${prefix}${i.key.slice(0, 12)}`;
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    interactions[n] = { id: count === 1 ? base : `${base}~${count}`, ...i };
  });
}

function validate(cassette: Cassette, file: string): void {
  const problems = cassetteProblems(cassette, { key: DEFAULT_KEY_OPTIONS, checkStoredKeys: true });
  if (problems.length > 0)
    throw new MockllmError(
      ErrorCodes.INTERNAL,
      `mockllm internal error: the imported cassette ${file} would not be valid, so nothing was written; please report it`,
      problems.slice(0, 10).map((p) => formatProblem({ ...p, file })),
    );
}

function newCassette(file: string, origins: readonly string[]): Cassette {
  const upstreams = [...new Set(origins)];
  const meta: Cassette['meta'] = { recorder: 'mockllm import' };
  if (upstreams.length === 1) meta.upstream = upstreams[0]!;
  return { $schema: schemaReference(file), version: CASSETTE_VERSION, meta, interactions: [] };
}

/** Interaction ids of an import: `FORMAT:FILE#POSITION` (see import-merge for how `--replace` uses the prefix). */
function idPrefix(format: ImportFormat, file: string): string {
  return headerSafe(`${format}:${basename(file)}#`);
}

/** Ids travel in the `x-mockllm-interaction` header: printable ASCII only. */
function headerSafe(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, '_');
}

function checkDistinctNames(files: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    const b = basename(f);
    const other = seen.get(b);
    if (other !== undefined) throw invalidImport(f, {}, `has the same file name as ${other}; interaction ids are made from file names, so import them one at a time or rename one`);
    seen.set(b, f);
  }
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new MockllmError(ErrorCodes.NOT_FOUND, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (${ErrorCodes.NOT_FOUND})`);
  }
}
