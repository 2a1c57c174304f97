/**
 * Issue 13: README's recording recipe `OLLAMA_HOST=… npm test` did nothing for ollama-js,
 * which never reads OLLAMA_HOST (node_modules/ollama: `config?.host ?? defaultHost`). The
 * docs now say to pass it: `new Ollama({ host: process.env.OLLAMA_HOST })`. This checks both
 * halves of what they say against the installed client, and that the recipe says it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { startReplay } from '../../src/index.js';
import { ROOT, runCollecting } from '../helpers/python.js';

const ASK = `
import { Ollama } from 'ollama';
const client = process.argv[1] === 'host option' ? new Ollama({ host: process.env.OLLAMA_HOST }) : new Ollama();
try {
  const res = await client.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'Say hello' }], stream: false });
  console.log('answered: ' + res.message.content);
} catch (e) {
  console.log('failed: ' + (e.cause?.code ?? e.message));
}
`;

test('ollama-js ignores OLLAMA_HOST unless it is passed as `host`, and the README recipe says so', async (t) => {
  const server = await startReplay({ cassettes: join(ROOT, 'test', 'examples', 'cassettes') });
  t.teardown(() => server.close());
  // Whatever answers (or not) on ollama-js' default 127.0.0.1:11434 does not matter: only this server's count does.
  const env = { ...process.env, OLLAMA_HOST: server.baseURL('ollama') };
  const run = (how: string) => runCollecting(process.execPath, ['--input-type=module', '-e', ASK, how], { cwd: ROOT, env, timeoutMs: 60_000 });

  const withoutOption = await run('environment only');
  t.is(server.stats().requests, 0, `new Ollama() did not use OLLAMA_HOST (${withoutOption.output.trim()})`);
  const withOption = await run('host option');
  t.is(withOption.output.trim(), 'answered: Hello! How can I help you today?');
  t.is(server.stats().requests, 1);

  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const recipe = readme.slice(readme.indexOf('## Record locally'), readme.indexOf('## CLI'));
  t.regex(recipe, /OLLAMA_HOST=http:\/\/127\.0\.0\.1:11435 npm test/);
  t.regex(recipe, /new Ollama\(\{ host: process\.env\.OLLAMA_HOST \}\)/, 'the recipe tells ollama-js users what works');
});
