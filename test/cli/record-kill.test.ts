/**
 * `kill -9` at any moment during a recording under load leaves every cassette file either
 * its previous valid version or the new valid one (temp file + fsync + rename).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { BIN, startCli } from '../helpers/cli.js';
import { fileProblems, rawRequest, tempDir } from '../integration/record-support.js';

const ROUNDS = 20;
const SSE = { 'content-type': 'text/event-stream' };

test.serial('kill -9 during recording under load, 20 times: every cassette parses and validates', async (t) => {
  t.true(existsSync(BIN), 'run `npm run build` first: this test spawns dist/cli/main.js');
  t.timeout(60_000);
  const dir = tempDir(t, 'mockllm-kill-');
  const frames = Array.from({ length: 6 }, (_, i) => Buffer.from(`data: {"i":${i},"pad":"${'x'.repeat(200)}"}\n\n`));
  const up = await startFakeUpstream({
    routes: [
      { path: /stream$/, headers: SSE, frames, gapMs: 1 },
      { path: /plain$/, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big: 'y'.repeat(20_000) }) },
    ],
  });
  t.teardown(() => up.close());

  let requests = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const server = await startCli(['record', '--upstream', up.url, '--cassettes', dir, '--port', '0', '--log-level', 'silent']);
    let alive = true;
    void server.exited.then(() => (alive = false));
    // The kill comes once this round's load is flowing: after `threshold` answers, plus a
    // few ms that differ every round (deterministic), so it lands in different phases
    // (reading, relaying, printing, writing the temp file, renaming).
    const threshold = 4 + ((round * 7) % 12);
    let answered = 0;
    let flowing!: () => void;
    const loadFlowing = new Promise<void>((resolve) => (flowing = resolve));
    // Eight clients hammer three cassettes until the process dies.
    const clients = Array.from({ length: 8 }, async (_, c) => {
      for (let n = 0; alive; n++) {
        const kind = (c + n) % 2 === 0 ? 'stream' : 'plain';
        await rawRequest(server.url, { path: `/c/load-${c % 3}/v1/${kind}`, headers: { 'content-type': 'application/json' }, body: `{"round":${round},"c":${c},"n":${n}}` })
          .then(() => {
            requests++;
            if (++answered === threshold) flowing();
          })
          .catch((e: Error) => {
            alive = false;
            if (answered < threshold) t.log(`round ${round}, client ${c}: ${e.message}`);
          });
      }
    });
    // If the clients stop before the load flows (the server failed), say why instead of waiting forever.
    const stopped = Promise.all(clients).then(() => 'stopped' as const);
    if ((await Promise.race([loadFlowing.then(() => 'flowing' as const), stopped])) === 'stopped') {
      server.child.kill('SIGKILL');
      const done = await server.exited;
      t.fail(`round ${round}: requests failed before the kill (${answered} answered); server exit ${done.code}:\n${done.stderr}`);
      return;
    }
    await new Promise((r) => setTimeout(r, (round * 13) % 40));
    server.child.kill('SIGKILL');
    await server.exited;
    alive = false;
    await Promise.all(clients);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) t.deepEqual(fileProblems(join(dir, file)), [], `round ${round}: ${file}`);
  }
  const cassettes = readdirSync(dir).filter((f) => f.endsWith('.json'));
  t.true(cassettes.length >= 1, 'something was recorded');
  t.true(requests >= ROUNDS * 4, `load was applied (${requests} responses)`);
  t.log(`${requests} responses over ${ROUNDS} kills`);
  // A temp file left by the last kill (if any) is cleared by the next recorder.
  const next = await startCli(['record', '--upstream', up.url, '--cassettes', dir, '--port', '0', '--log-level', 'silent']);
  next.child.kill('SIGTERM');
  t.is((await next.exited).code, 0);
  t.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});
