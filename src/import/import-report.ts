import { NOT_LLM_REASON, type ImportReport } from './cassette-import.js';

/** What `mockllm import` prints: what it imported and skipped, per file, and where it went. */
export function formatImportReport(r: ImportReport): string {
  const lines: string[] = [];
  for (const s of r.sources) {
    const skipped = [...s.skipped].map(([reason, n]) => `${n} ${reason}`);
    const total = [...s.skipped.values()].reduce((a, b) => a + b, 0);
    lines.push(`${s.file}: imported ${s.imported}${total > 0 ? `, skipped ${total}: ${skipped.join('; ')}` : ''}`);
  }
  if (r.nothingWritten) lines.push(`nothing to import; ${r.cassetteFile} was not created${hasNotLlm(r) ? ' (--all imports calls that are not LLM API calls)' : ''}`);
  else if (r.unchanged) lines.push(`${r.cassetteFile}: unchanged (${r.imported} interaction(s) already there as imported)`);
  else {
    const what = `${r.imported} interaction(s) into ${r.cassetteFile}${r.created ? ' (new cassette)' : ''}`;
    lines.push(`imported ${what}${r.replaced > 0 ? `, replacing ${r.replaced} with the same key or id${r.created ? '' : ' (or from an earlier import of these files)'}` : ''}`);
  }
  if (r.auditScrubbed > 0) lines.push(`scrubbed ${r.auditScrubbed} value(s) that \`mockllm audit\` would report (e.g. a high-entropy header value)`);
  return `${lines.join('\n')}\n`;
}

function hasNotLlm(r: ImportReport): boolean {
  return r.sources.some((s) => s.skipped.has(NOT_LLM_REASON));
}
