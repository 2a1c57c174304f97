import type { Argv } from 'yargs';
import { withExamples } from '../command-examples.js';
import { bodyAsJson } from '../../cassette/body-codec.js';
import { isHandWritten, type Interaction, type StoredResponse } from '../../cassette/types.js';
import { ErrorCodes, MockllmError } from '../../errors.js';
import { detectProvider } from '../../providers/registry.js';
import { replyText } from '../../providers/reply-text.js';
import { asRecord } from '../../providers/request-fields.js';
import { CassetteLibrary } from '../../store/cassette-library.js';
import type { IndexedInteraction, LoadedCassette } from '../../store/loaded-cassette.js';
import { exitWithError } from '../cli-error.js';

function load(dir: string): CassetteLibrary {
  const lib = new CassetteLibrary(dir, { ignore: [], headers: [] });
  lib.load();
  return lib;
}

export function providerOf(i: Interaction): string {
  if (isHandWritten(i)) return i.match.provider ?? 'any';
  const r = i.request;
  return detectProvider({ method: r.method, path: r.path, query: new URLSearchParams(), headers: r.headers ?? {}, json: bodyAsJson(r.body) }).name;
}

function responseOf(i: Interaction): StoredResponse | undefined {
  return 'response' in i ? i.response : undefined;
}

export function lsCommand<T>(y: Argv<T>) {
  return y.command(
    'ls',
    'list cassettes: interactions, providers, streamed',
    (c) => withExamples(c, 'ls').option('cassettes', { type: 'string', describe: 'cassette directory [./cassettes]' }),
    (argv) => {
      try {
        const lib = load(argv.cassettes ?? process.env.MOCKLLM_CASSETTES ?? './cassettes');
        process.stdout.write(lsTable(lib.index.cassettes));
      } catch (e) {
        exitWithError(e);
      }
    },
  );
}

export function lsTable(cassettes: LoadedCassette[]): string {
  const rows = [['CASSETTE', 'INTERACTIONS', 'HAND-WRITTEN', 'PROVIDERS', 'STREAMED']];
  for (const c of cassettes) {
    const providers = new Set(c.cassette.interactions.map(providerOf));
    rows.push([
      c.name,
      String(c.entries.length),
      String(c.cassette.interactions.filter(isHandWritten).length),
      [...providers].sort().join(',') || '-',
      String(c.cassette.interactions.filter((i) => responseOf(i)?.stream !== undefined).length),
    ]);
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return `${rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()).join('\n')}\n`;
}

export function showCommand<T>(y: Argv<T>) {
  return y.command(
    'show <name>',
    'readable transcript of a cassette: requests, replies, stream timing',
    (c) =>
      withExamples(c, 'show')
        .positional('name', { type: 'string', demandOption: true })
        .option('interaction', { type: 'string', describe: 'index or id of one interaction' })
        .option('cassettes', { type: 'string', describe: 'cassette directory [./cassettes]' }),
    (argv) => {
      try {
        const lib = load(argv.cassettes ?? process.env.MOCKLLM_CASSETTES ?? './cassettes');
        const c = lib.index.cassette(argv.name);
        if (!c) throw new MockllmError(ErrorCodes.NOT_FOUND, `no cassette named "${argv.name}" in ${lib.dir}; \`mockllm ls\` lists them`);
        let entries = c.entries;
        if (argv.interaction !== undefined) {
          const wanted = argv.interaction;
          entries = entries.filter((e) => e.label === wanted || String(e.index) === wanted);
          if (entries.length === 0) throw new MockllmError(ErrorCodes.NOT_FOUND, `cassette "${argv.name}" has no interaction ${wanted} (give an index 0..${c.entries.length - 1} or an id)`);
        }
        process.stdout.write(entries.map(transcript).join('\n'));
      } catch (e) {
        exitWithError(e);
      }
    },
  );
}

export function transcript(e: IndexedInteraction): string {
  const i = e.interaction;
  const lines: string[] = [];
  if (isHandWritten(i)) {
    lines.push(`#${e.index} ${e.label}  hand-written (${providerOf(i)})`);
    lines.push(`  match: ${JSON.stringify(i.match)}`);
    if (i.reply) lines.push(`  reply: ${JSON.stringify(i.reply)}`);
  } else {
    lines.push(`#${e.index} ${e.label}  ${i.request.method} ${i.request.path}  (${providerOf(i)}, key ${e.key?.slice(0, 12)})`);
    const body = asRecord(bodyAsJson(i.request.body));
    if (body) {
      const facts: string[] = [];
      if (typeof body.model === 'string') facts.push(`model=${body.model}`);
      if (body.stream === true) facts.push('stream');
      const messages = Array.isArray(body.messages) ? body.messages : Array.isArray(body.contents) ? body.contents : undefined;
      if (messages) {
        facts.push(`${messages.length} message(s)`);
        const last = asRecord(messages[messages.length - 1]);
        const content = last?.content ?? last?.parts;
        facts.push(`last ${String(last?.role ?? '?')}: ${clip(typeof content === 'string' ? content : JSON.stringify(content))}`);
      } else if (typeof body.prompt === 'string') facts.push(`prompt: ${clip(body.prompt)}`);
      else if (body.input !== undefined) facts.push(`input: ${clip(typeof body.input === 'string' ? body.input : JSON.stringify(body.input))}`);
      lines.push(`  request: ${facts.join(', ') || clip(JSON.stringify(body))}`);
    }
  }
  const r = responseOf(i);
  if (r) {
    const type = r.headers?.['content-type'] ?? '';
    if (r.stream) {
      const ev = r.stream.events;
      const first = ev[0]?.t ?? 0;
      const last = ev[ev.length - 1]?.t ?? 0;
      lines.push(`  response: ${r.status} ${type} — ${ev.length} ${r.stream.framing} events, first at ${first} ms, last at ${last} ms${r.stream.ending === 'reset' ? ', upstream broke off' : ''}`);
    } else lines.push(`  response: ${r.status} ${type}`);
    const text = replyText(r);
    if (text) lines.push(`  reply: ${JSON.stringify(text)}`);
  }
  return `${lines.join('\n')}\n`;
}

function clip(s: string, max = 80): string {
  const one = s.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > max ? `${one.slice(0, max - 1)}…` : one);
}
