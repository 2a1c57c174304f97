/** `--watch`: edits reload; streams in flight finish on the version they started with; a broken edit keeps the old one. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { startReplay } from '../../src/api/start-server.js';
import { serializeCassette } from '../../src/cassette/serializer.js';
import type { Cassette } from '../../src/cassette/types.js';
import { createLogger } from '../../src/util/logger.js';
import { rawRequest } from '../helpers/raw-http.js';
import { tempDir } from '../helpers/replay-fixture.js';

function cassette(words: string[]): Cassette {
  return {
    version: 1,
    interactions: [
      {
        id: 'greeting',
        request: { method: 'POST', path: '/api/generate', body: { json: { model: 'llama3', prompt: 'hi' } } },
        response: {
          status: 200,
          headers: { 'content-type': 'application/x-ndjson' },
          stream: { framing: 'ndjson', events: words.map((w, i) => ({ t: 40 * (i + 1), data: { response: w, done: i === words.length - 1 } })) },
        },
      },
    ],
  };
}

test('edit while streaming: the stream in flight finishes on the old version, the next request gets the new one; an invalid edit is logged and ignored', async (t) => {
  const dir = tempDir();
  const file = join(dir, 'live.json');
  writeFileSync(file, serializeCassette(cassette(['old ', 'old ', 'old ', 'old ', 'old'])));
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  const logger = createLogger('info', {
    write: (line) => {
      lines.push(line);
      for (const w of [...waiters]) {
        if (!w.re.test(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
  });
  const nextLine = (re: RegExp) => new Promise<void>((resolve) => waiters.push({ re, resolve }));
  const server = await startReplay({ cassettes: dir, watch: true, timing: 'recorded', logger });
  t.teardown(() => server.close());
  const ask = (onChunk?: () => void) =>
    rawRequest(server.url, { method: 'POST', path: '/api/generate', body: JSON.stringify({ model: 'llama3', prompt: 'hi' }), ...(onChunk ? { onChunk } : {}) });

  let firstEvent!: () => void;
  const started = new Promise<void>((r) => (firstEvent = r));
  const inFlight = ask(() => firstEvent());
  await started;
  const reloaded = nextLine(/reloaded cassettes: live/);
  writeFileSync(file, serializeCassette(cassette(['new ', 'new'])));
  await reloaded;
  const first = await inFlight;
  t.is(first.body.toString(), ['old ', 'old ', 'old ', 'old ', 'old'].map((w, i) => `${JSON.stringify({ response: w, done: i === 4 })}\n`).join(''));
  const second = await ask();
  t.regex(second.body.toString(), /"new"/);

  const failed = nextLine(/cassette reload failed, still serving the previous version/);
  writeFileSync(file, '{ "version": 1, "interactions": [ { "request": {} } ] }');
  await failed;
  t.true(lines.some((l) => /live\.json: \/interactions\/0/.test(l)), 'the error names file and pointer');
  const third = await ask();
  t.is(third.status, 200);
  t.regex(third.body.toString(), /"new"/);
});
