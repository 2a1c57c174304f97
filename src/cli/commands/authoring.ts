import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { withExamples } from '../command-examples.js';
import { startReplay } from '../../api/start-server.js';
import { encodeBody } from '../../cassette/body-codec.js';
import { checkCassetteName } from '../../cassette/cassette-name.js';
import { isHandWritten } from '../../cassette/types.js';
import { exampleCassette } from '../../authoring/example-cassette.js';
import { requestForMatch } from '../../authoring/synthetic-request.js';
import { ErrorCodes, Errors, MockllmError } from '../../errors.js';
import type { ProviderAdapter, ProviderName } from '../../providers/provider.js';
import { detectProvider, PROVIDER_NAMES, PROVIDERS } from '../../providers/registry.js';
import { cassettePath, writeCassetteAtomic } from '../../store/cassette-files.js';
import { CassetteLibrary } from '../../store/cassette-library.js';
import { exitWithError } from '../cli-error.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../../schemas/cassette.schema.json', import.meta.url));

export function newCommand<T>(y: Argv<T>) {
  return y.command(
    'new <name>',
    'write an example cassette of hand-written interactions to start from',
    (c) =>
      withExamples(c, 'new')
        .positional('name', { type: 'string', demandOption: true })
        .option('provider', { choices: PROVIDER_NAMES, default: 'openai' as ProviderName, describe: 'wire format of the examples' })
        .option('cassettes', { type: 'string', describe: 'cassette directory [./cassettes]' })
        .option('force', { type: 'boolean', describe: 'overwrite an existing cassette' }),
    async (argv) => {
      try {
        const name = checkCassetteName(argv.name);
        const file = cassettePath(argv.cassettes ?? './cassettes', name);
        if (existsSync(file) && !argv.force) throw Errors.fileExists(file);
        const schema = relative(dirname(file), SCHEMA_FILE).split('\\').join('/');
        await writeCassetteAtomic(file, exampleCassette(name, argv.provider, schema));
        process.stdout.write(`wrote ${file}: 4 hand-written interactions and a model alias (mockllm-echo)\nnext: mockllm render ${name} --interaction 0 --stream\n`);
      } catch (e) {
        exitWithError(e);
      }
    },
  );
}

export function renderCommand<T>(y: Argv<T>) {
  return y.command(
    'render <name>',
    'print the exact bytes a request would get from one interaction (headers on stderr)',
    (c) =>
      withExamples(c, 'render')
        .positional('name', { type: 'string', demandOption: true })
        .option('interaction', { type: 'string', demandOption: true, describe: 'index or id' })
        .option('stream', { type: 'boolean', default: false, describe: 'ask for a streamed reply (hand-written interactions)' })
        .option('cassettes', { type: 'string', describe: 'cassette directory [./cassettes]' })
        .option('timing', { type: 'string', default: 'fast', describe: 'auto | fast | recorded | <factor>' }),
    async (argv) => {
      try {
        await render(argv.cassettes ?? process.env.MOCKLLM_CASSETTES ?? './cassettes', argv.name, argv.interaction, argv.stream, argv.timing);
      } catch (e) {
        exitWithError(e);
      }
    },
  );
}

/**
 * Runs the interaction through a real, private replay server — the same pipeline a client
 * meets — so what is printed is exactly what a client would receive.
 */
async function render(dir: string, name: string, wanted: string, stream: boolean, timing: string): Promise<void> {
  const lib = new CassetteLibrary(dir, { ignore: [], headers: [] });
  lib.load();
  const cassette = lib.index.cassette(name);
  if (!cassette) throw new MockllmError(ErrorCodes.NOT_FOUND, `no cassette named "${name}" in ${dir}; \`mockllm ls\` lists them`);
  const entry = cassette.entries.find((e) => e.label === wanted || String(e.index) === wanted);
  if (!entry) throw new MockllmError(ErrorCodes.NOT_FOUND, `cassette "${name}" has no interaction ${wanted} (give an index 0..${cassette.entries.length - 1} or an id)`);
  const i = entry.interaction;
  const req = isHandWritten(i)
    ? (() => {
        const provider = i.match.provider ? PROVIDERS[i.match.provider] : providerForPath(i.match.path);
        const r = requestForMatch(i.match, provider, stream);
        return { method: r.method, path: r.path, headers: r.headers as Record<string, string>, body: r.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(r.body)) };
      })()
    : {
        method: i.request.method,
        path: i.request.path + queryString(i.request.query),
        headers: Object.fromEntries(Object.entries(i.request.headers ?? {}).map(([k, v]) => [k, String(v)])),
        body: encodeBody(i.request.body),
      };
  const server = await startReplay({ cassettes: dir, cassette: name, timing: timing === 'auto' || timing === 'fast' || timing === 'recorded' ? timing : Number(timing) });
  try {
    const { head, body, servedBy } = await fetchRaw(server.url, req);
    if (servedBy !== entry.label)
      process.stderr.write(`note: this request is answered by ${name}#${servedBy ?? '(none)'} — an earlier rule in file order wins, or the matcher needs a more specific request\n`);
    process.stderr.write(`${req.method} ${req.path}\n${head}\n\n`);
    process.stdout.write(body);
  } finally {
    await server.close();
  }
}

function fetchRaw(base: string, req: { method: string; path: string; headers: Record<string, string>; body: Buffer }): Promise<{ head: string; body: Buffer; servedBy: string | undefined }> {
  return new Promise((resolve, reject) => {
    const r = request(`${base}${req.path}`, { method: req.method, headers: { ...req.headers, 'content-length': req.body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`];
        for (let k = 0; k < res.rawHeaders.length; k += 2) lines.push(`${res.rawHeaders[k]}: ${res.rawHeaders[k + 1]}`);
        const servedBy = res.headers['x-mockllm-interaction'];
        resolve({ head: lines.join('\n'), body: Buffer.concat(chunks), servedBy: typeof servedBy === 'string' ? servedBy : undefined });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

function queryString(query: Record<string, string | string[]> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const value of Array.isArray(v) ? v : [v]) search.append(k, value);
  return `?${search.toString()}`;
}

/** The provider a matcher's path glob points at (a concrete stand-in path is detected like a request). */
function providerForPath(glob: string | undefined): ProviderAdapter {
  if (!glob) return PROVIDERS.openai;
  const path = glob.replace(/\*\*/g, 'v1').replace(/\*/g, 'x:generateContent');
  return detectProvider({ method: 'POST', path, query: new URLSearchParams(), headers: {}, json: undefined });
}
