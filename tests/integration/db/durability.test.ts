/**
 * Durability (issue 4, item 7): a server killed with SIGKILL mid-round loses no finished
 * run, and the race can be resumed from the seed and the action logs at most one second of
 * play behind what the players had seen.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { createGame, hashState, loadScenario, simulate, stepInPlace, type Action } from '../../../server/engine';
import { openDatabase, PROJECT_ROOT } from '../../../server/db';
import { loadCheckpoints } from '../../../server/db/sinks';
import { RACE_CODE, raceScenario, seatActions, TICKS_PER_SECOND } from './fixtures/race';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Replays a log to `tick` (what the rooms layer does on resume) and returns the state's hash. */
function replayHash(seed: number, log: readonly Action[], tick: number): string {
  const s = createGame(loadScenario(raceScenario()), { seed });
  let k = 0;
  const batch: Action[] = [];
  while (s.tick < tick) {
    batch.length = 0;
    while (k < log.length && log[k].tick <= s.tick) batch.push(log[k++]);
    stepInPlace(s, batch);
  }
  return hashState(s);
}

it('kill -9 mid-round: the finished run is intact and the race resumes at most one second of play behind', async () => {
  const file = path.join(dir, 'game.db');
  // tsx as a loader in this very process (its CLI would fork a grandchild that SIGKILL does not reach).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/integration/db/fixtures/durability-child.ts'), file], {
    cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // Kill at a tick that is not a checkpoint tick, a few seconds of play into the race.
  const killAt = 5 * TICKS_PER_SECOND + 7;
  let runId = '';
  const seen = new Map<number, [string, string]>();
  let lastTick = -1;
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const [kind, a, b, c] = line.split(' ');
    if (kind === 'RUN') runId = a;
    if (kind === 'TICK') {
      lastTick = Number(a);
      seen.set(lastTick, [b, c]);
      if (lastTick === killAt) child.kill('SIGKILL');
    }
  }
  const { signal } = await exited;
  expect(signal, stderr).toBe('SIGKILL');
  expect(lastTick).toBeGreaterThanOrEqual(killAt);

  const db = await openDatabase(`file:${file}`);
  try {
    // The finished run: stored, verified, and its replay reproduces it.
    expect(runId).not.toBe('missing');
    const run = (await db.runs.getRun(runId))!;
    expect(run.verified).toBe(true);
    const replay = (await db.runs.replay(runId))!;
    expect(simulate(loadScenario(replay.scenario), { seed: replay.seed, actions: replay.actions }).result.finalHash).toBe(run.finalHash);

    // The race: resumable, from a checkpoint at most one second of play behind the last tick shown.
    const [cp, ...others] = await loadCheckpoints(db);
    expect(others).toEqual([]);
    expect(cp.roomCode).toBe(RACE_CODE);
    expect(cp.status).toBe('running');
    expect(cp.seats.map((s) => [s.seatId, s.nick])).toEqual([['s1', 'ann'], ['s2', 'bob']]);
    expect(cp.tick).toBeLessThanOrEqual(lastTick);
    expect(lastTick - cp.tick).toBeLessThanOrEqual(TICKS_PER_SECOND);
    const wantLog: Action[] = [];
    for (let t = 0; t < cp.tick; t++) wantLog.push(...seatActions(t));
    expect(cp.logs.s1).toEqual(wantLog);
    // Replaying seed + logs gives exactly the states the players had at that tick.
    expect([replayHash(cp.seed, cp.logs.s1, cp.tick), replayHash(cp.seed, cp.logs.s2, cp.tick)]).toEqual(seen.get(cp.tick));
    // Seats come back to the same players (by their seat tokens).
    const participants = await db.rooms.listParticipants(RACE_CODE);
    expect(participants.map((p) => [p.seatKey, p.nickname])).toEqual([['s1', 'ann'], ['s2', 'bob']]);
  } finally {
    await db.close();
  }
}, 120_000); // a child process start and a few hundred ticks: generous for a loaded 2-core CI
