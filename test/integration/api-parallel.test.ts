/**
 * The programmatic API in test suites: many servers at once in one process (as parallel
 * test files would start them), each with its own cassettes, counters and port — no
 * shared state, no cross-talk — and nothing left running after `close()`.
 */
import { rmSync } from 'node:fs';
import test from 'ava';
import OpenAI from 'openai';
import { startReplay, type MockllmHandle } from '../../src/index.js';
import type { Cassette } from '../../src/cassette/types.js';
import { ErrorCodes, MockllmError } from '../../src/errors.js';
import { tempDir, writeCassettes } from '../helpers/replay-fixture.js';

const resources = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').sort();

/** Waits (up to 3 s) for the process's own sockets to finish closing. */
async function settle(expected: string[]): Promise<void> {
  const deadline = Date.now() + 3000;
  while (JSON.stringify(resources()) !== JSON.stringify(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

function cassetteSaying(text: string): Cassette {
  return {
    version: 1,
    interactions: [
      {
        id: 'answer',
        request: { method: 'POST', path: '/v1/chat/completions', body: { json: { model: 'm', messages: [{ role: 'user', content: 'who are you?' }] } } },
        response: {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: { json: { id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] } },
        },
      },
    ],
  };
}

test.serial('eight servers in parallel: own port, own cassettes, own counters; all closed at the end', async (t) => {
  const before = resources();
  const dirs = Array.from({ length: 8 }, (_, i) => {
    const dir = tempDir();
    writeCassettes(dir, { suite: cassetteSaying(`server ${i}`) });
    return dir;
  });
  let servers: MockllmHandle[] = [];
  try {
    servers = await Promise.all(dirs.map((cassettes) => startReplay({ cassettes })));
    t.is(new Set(servers.map((s) => s.port)).size, 8, 'port 0 by default: every server has its own port');
    for (const s of servers) t.regex(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);

    // Interleaved requests: each server answers from its own cassettes only.
    const rounds = await Promise.all(
      servers.flatMap((s, i) =>
        [0, 1, 2].map(async () => {
          const openai = new OpenAI({ apiKey: 'k', baseURL: s.baseURL('openai'), maxRetries: 0 });
          const res = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'who are you?' }] });
          return [i, res.choices[0]?.message.content] as const;
        }),
      ),
    );
    for (const [i, content] of rounds) t.is(content, `server ${i}`);
    await t.throwsAsync(new OpenAI({ apiKey: 'k', baseURL: servers[3]!.baseURL('openai'), maxRetries: 0 }).chat.completions.create({ model: 'other', messages: [] }));
    servers.forEach((s, i) => {
      t.is(s.stats().hits, 3, `server ${i} counted only its own hits`);
      t.is(s.stats().misses, i === 3 ? 1 : 0, `server ${i} counted only its own misses`);
    });
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  await settle(before);
  t.deepEqual(resources(), before, 'no server, socket or timer left behind');
});

test.serial('startReplay validates options with the schema and errors of the CLI', async (t) => {
  const e = await t.throwsAsync(startReplay({ cassettes: '.', port: -1 }), { instanceOf: MockllmError });
  t.is(e!.code, ErrorCodes.INVALID_OPTIONS);
  t.regex([e!.message, ...e!.details].join('\n'), /--port/);
  const unknown = await t.throwsAsync(startReplay({ cassettes: '.', colour: 'blue' } as never), { instanceOf: MockllmError });
  t.regex([unknown!.message, ...unknown!.details].join('\n'), /unknown option "colour"/);
  const dir = await t.throwsAsync(startReplay({ cassettes: '/nonexistent/dir' }), { instanceOf: MockllmError });
  t.is(dir!.code, ErrorCodes.CASSETTE_DIR);
});

test.serial('a handle: baseURL per provider and cassette, stats, faults, close is idempotent', async (t) => {
  const dir = tempDir();
  writeCassettes(dir, { suite: cassetteSaying('hi') });
  const server = await startReplay({ cassettes: dir });
  try {
    t.is(server.baseURL(), `${server.url}/v1`);
    t.is(server.baseURL('ollama'), server.url);
    t.is(server.baseURL('anthropic'), server.url);
    t.is(server.baseURL('openai', 'suite'), `${server.url}/c/suite/v1`);
    const openai = new OpenAI({ apiKey: 'k', baseURL: server.baseURL('openai', 'suite'), maxRetries: 0 });
    server.faults.arm({ kind: 'status', status: 500 }, 1);
    await t.throwsAsync(openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'who are you?' }] }), { instanceOf: OpenAI.InternalServerError });
    const ok = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'who are you?' }] });
    t.is(ok.choices[0]?.message.content, 'hi');
    t.deepEqual(server.stats().unused, []);
  } finally {
    await server.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
