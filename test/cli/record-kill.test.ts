/**
 * `kill -9` at any moment during a recording under load leaves every cassette file either
 * its previous valid version or the new valid one (temp file + fsync + rename).
 */
import { existsSync, readdirSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { BIN, startCli } from '../helpers/cli.js';
import { fileProblems, rawRequest, tempDir } from '../integration/record-support.js';

const ROUNDS = 20;
const SSE = { 'content-type': 'text/event-stream' };
/**
 * Long enough for the recorder to write between waves: its lull (QUIET_MS, 20 ms) plus
 * the time it takes (a write is due 20-70 ms after a wave here, first writes the latest).
 */
const WAVE_PAUSE_MS = 100;

/** Each cassette file's size and mtime, to tell which rounds wrote. */
function fileStates(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => {
    const s = statSync(join(dir, f));
    return [f, `${s.size}@${s.mtimeMs}`];
  }));
}

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
  let roundsThatWrote = 0;
  let killsMidWrite = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const before = fileStates(dir);
    const server = await startCli(['record', '--upstream', up.url, '--cassettes', dir, '--port', '0', '--log-level', 'silent']);
    let alive = true;
    void server.exited.then(() => (alive = false));
    // Even rounds: the kill comes the moment a temp file appears, in the middle of a write
    // (writing, fsync, rename) — a window of a few ms that a timer rarely meets.
    let tempFileAppeared!: () => void;
    const tempFile = new Promise<void>((resolve) => (tempFileAppeared = resolve));
    const watcher = round % 2 === 0
      ? watch(dir, (_event, name) => {
          if (!name?.endsWith('.tmp') || !existsSync(join(dir, name))) return;
          server.child.kill('SIGKILL');
          tempFileAppeared();
        })
      : undefined;
    // Load in waves: eight requests over three cassettes at once, then a pause in which the
    // recorder writes (traffic that never pauses is written once a second, longer than a
    // round). Odd rounds: the kill comes after a few waves plus a few ms that differ every
    // round (deterministic), so it lands in different phases: relaying, between writes.
    const waves = 1 + (round % 3);
    let answered = 0;
    let flowing!: () => void;
    const loadFlowing = new Promise<void>((resolve) => (flowing = resolve));
    const load = (async () => {
      for (let wave = 0; alive; wave++) {
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, c) => {
            const kind = (c + wave) % 2 === 0 ? 'stream' : 'plain';
            return rawRequest(server.url, { path: `/c/load-${c % 3}/v1/${kind}`, headers: { 'content-type': 'application/json' }, body: `{"round":${round},"c":${c},"wave":${wave}}` });
          }),
        );
        for (const r of results) {
          if (r.status === 'fulfilled') answered++;
          else alive = false;
        }
        if (wave + 1 === waves) flowing();
        if (alive) await delay(WAVE_PAUSE_MS);
      }
    })();
    // If the load stops before it flows (the server failed or a write came first), say why.
    const stopped = load.then(() => 'stopped' as const);
    if ((await Promise.race([loadFlowing.then(() => 'flowing' as const), stopped])) === 'stopped' && !watcher) {
      server.child.kill('SIGKILL');
      const done = await server.exited;
      t.fail(`round ${round}: requests failed before the kill (${answered} answered); server exit ${done.code}:\n${done.stderr}`);
      return;
    }
    // Bounded: a recorder that never writes still ends the round (and fails below).
    await (watcher ? Promise.race([tempFile, delay(3000)]) : delay(15 + ((round * 29) % 70)));
    server.child.kill('SIGKILL');
    await server.exited;
    watcher?.close();
    alive = false;
    await load;
    requests += answered;
    const after = fileStates(dir);
    const tempLeft = readdirSync(dir).some((f) => f.endsWith('.tmp'));
    if (tempLeft) killsMidWrite++;
    if (tempLeft || [...after].some(([file, state]) => before.get(file) !== state)) roundsThatWrote++;
    for (const file of after.keys()) t.deepEqual(fileProblems(join(dir, file)), [], `round ${round}: ${file}`);
  }
  t.log(`${requests} responses over ${ROUNDS} kills; a write began in ${roundsThatWrote} rounds, ${killsMidWrite} kills left a temp file`);
  // Kills that never meet a write would prove nothing.
  t.true(roundsThatWrote >= ROUNDS / 2, `cassettes were written during the load (${roundsThatWrote} of ${ROUNDS} rounds)`);
  t.true(killsMidWrite >= 1, 'at least one kill landed in the middle of a write');
  t.true(requests >= ROUNDS * 8, `load was applied (${requests} responses)`);
  // A temp file left by the last kill (if any) is cleared by the next recorder.
  const next = await startCli(['record', '--upstream', up.url, '--cassettes', dir, '--port', '0', '--log-level', 'silent']);
  next.child.kill('SIGTERM');
  t.is((await next.exited).code, 0);
  t.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});
