import { afterEach, describe, expect, it } from 'vitest';
import {
  baselineScores, INCOMING_HORIZON, loadScenario, simulate, type ScenarioInput,
} from '../../../server/engine';
import type { RoomInfo, RunEnd } from '../../../server/protocol';
import { advanceTicks, next, startServer, sync, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

/**
 * Sporadic wakeups and ranged lengths, all drawn from the seed: whoever holds the
 * seed knows every release of the round. Seeds with seven digits, so a scan for
 * them cannot be fooled by a tick or a score.
 */
const SCENARIO_SEED = 2718281;
const ROOM_SEED = 3141592;
const SECRET: ScenarioInput = {
  format: 1, slug: 'secret', title: 'Secret', cpus: 2, duration: 240, balancer: 'linux-rt-511', seed: SCENARIO_SEED,
  tasks: [
    { id: 'S1', priority: 60, cpu: 0, release: { sporadic: { minGap: 35, maxGap: 70, offset: 3 } }, deadline: 30, body: [{ run: [2, 6] }, { md: [3, 9] }] },
    { id: 'S2', priority: 40, cpu: 0, release: { sporadic: { minGap: 40, maxGap: 90 } }, deadline: 40, body: [{ md: [4, 10] }, { run: 3 }] },
    { id: 'S3', priority: 20, cpu: 1, release: { sporadic: { minGap: 45, maxGap: 80, offset: 10 } }, deadline: 50, body: [{ run: [5, 12] }] },
  ],
};

/** Every message a client gets: pushes (any event) and the acks of its own requests, each with the room's tick when it arrived. */
class Tap {
  readonly got: { event: string; tick: number; payload: unknown }[] = [];
  constructor(readonly socket: Client, private readonly tick: () => number) {
    socket.onAny((event: string, payload: unknown) => this.got.push({ event, tick: this.tick(), payload }));
  }
  async ask<T>(event: string, payload: object): Promise<T> {
    const r = await (this.socket.emitWithAck as (e: string, p: object) => Promise<T>)(event, payload);
    this.got.push({ event: `ack:${event}`, tick: this.tick(), payload: r });
    return r;
  }
}

/** Every key path and leaf value in a payload. */
function* leaves(x: unknown, path = ''): Generator<{ path: string; value: unknown }> {
  if (x !== null && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) yield* leaves(v, `${path}.${k}`);
  } else {
    yield { path, value: x };
  }
}

/** Every `{ task, at }` announcement in a payload, with the tick of the run or frame it came with. */
function* announcements(x: unknown, tick?: number): Generator<{ task: string; at: number; tick: number | undefined }> {
  if (x === null || typeof x !== 'object') return;
  const o = x as Record<string, unknown>;
  const here = typeof o.tick === 'number' && Array.isArray(o.incoming) ? o.tick : tick;
  if (typeof o.task === 'string' && typeof o.at === 'number') yield { task: o.task, at: o.at, tick };
  for (const v of Object.values(o)) yield* announcements(v, here);
}

/** When each task is released, from the engine itself (what a player holding the seed could compute). */
function releaseSchedule(seed: number): { task: string; tick: number }[] {
  const out: { task: string; tick: number }[] = [];
  simulate(loadScenario(SECRET), { seed, onTick: (s) => {
    for (const e of s.events) if (e.type === 'release') out.push({ task: e.task, tick: s.tick - 1 });
  } });
  return out;
}

describe('a race hides the future', () => {
  for (const [label, seed] of [["the scenario's own seed", undefined], ['a seed the host chose', ROOM_SEED]] as const) {
    it(`with ${label}: no seed and no wakeup beyond the horizon reach anyone during the round; after it the seed comes and the replay verifies`, async () => {
      server = await startServer();
      const theSeed = seed ?? SCENARIO_SEED;
      const schedule = releaseSchedule(theSeed);
      const roomTick = () => (roomId ? server.app.registry.byId(roomId)?.tick ?? -1 : -1);
      let roomId = '';

      const hostSocket = await server.connect();
      const host = new Tap(hostSocket, roomTick);
      const made = await hostSocket.emitWithAck('room:create', { kind: 'race', scenario: { json: SECRET }, ...(seed !== undefined ? { seed } : {}) });
      if (!made.ok) throw new Error(made.reason);
      roomId = made.roomId;
      host.got.push({ event: 'ack:room:create', tick: 0, payload: made });
      const adaSocket = await server.connect();
      const ada = new Tap(adaSocket, roomTick);
      const joined = await ada.ask<{ ok: boolean; seatId?: string }>('room:join', { code: made.code, nick: 'Ada' });
      expect(joined.ok).toBe(true);
      const spectatorSocket = await server.connect();
      const spectator = new Tap(spectatorSocket, roomTick);
      await spectator.ask('room:watch', { code: made.code, follow: joined.seatId });
      expect(await hostSocket.emitWithAck('room:control', { roomId, hostToken: made.hostToken, command: { op: 'start' } })).toEqual({ ok: true });

      // Ada plays: she places every announced wakeup on CPU 1 and asks for views (resync, a reload's resume).
      const adaToken = (ada.got.find((g) => g.event === 'ack:room:join')!.payload as { playerToken: string }).playerToken;
      const ended = next(adaSocket, 'room:state', (r) => r.status === 'ended');
      let placed = 0;
      while (roomTick() < SECRET.duration) {
        advanceTicks(server, roomId, 7);
        const view = await ada.ask<{ ok: boolean; view?: { run?: { incoming: { task: string; at: number }[] } } }>('room:resync', { roomId });
        for (const u of view.view?.run?.incoming ?? []) {
          const r = await ada.ask<{ ok: boolean }>('game:action', { roomId, task: u.task, cpu: 1 });
          if (r.ok) placed++;
        }
        if (roomTick() === 105) await ada.ask('room:resume', { code: made.code, token: adaToken });
        await sync(hostSocket, roomId);
        await sync(spectatorSocket, roomId);
      }
      const final = await ended;
      const duringRound = (tap: Tap) => tap.got.filter((g) => !(g.event === 'room:state' && (g.payload as RoomInfo).status === 'ended') && g.event !== 'run:ended' && g.tick < SECRET.duration);

      // The scan would see a leak: releases far beyond every horizon exist, and announcements did reach Ada.
      expect(schedule.filter((r) => r.tick >= INCOMING_HORIZON + 7).length).toBeGreaterThan(5);
      expect(placed).toBeGreaterThan(0);
      const secrets = new Set<unknown>([theSeed, String(theSeed), SCENARIO_SEED, String(SCENARIO_SEED), ROOM_SEED, String(ROOM_SEED)]);
      for (const tap of [ada, spectator, host]) {
        const seen = duringRound(tap);
        expect(seen.length).toBeGreaterThan(20);
        const leaks: string[] = [];
        for (const { event, payload } of seen) {
          for (const { path, value } of leaves(payload)) {
            if (/\.seed$/i.test(path)) leaks.push(`${event}${path}: a seed field`);
            if (secrets.has(value)) leaks.push(`${event}${path}: the seed's value`);
            if (/\.baselines\./.test(path)) leaks.push(`${event}${path}: bot scores before the end`);
          }
          for (const a of announcements(payload)) {
            if (a.tick === undefined) leaks.push(`${event}: ${a.task}@${a.at} came with no tick`);
            else if (a.at - a.tick >= INCOMING_HORIZON) leaks.push(`${event}: ${a.task} wakes at ${a.at}, announced at tick ${a.tick}`);
            // And what was announced is true: the engine releases that task then.
            if (!schedule.some((r) => r.task === a.task && r.tick === a.at)) leaks.push(`${event}: ${a.task}@${a.at} announced but not released then`);
          }
        }
        expect(leaks).toEqual([]);
      }

      // After the round: the seed and the bots' scores arrive, and anyone can verify the run.
      expect(final.seed).toBe(theSeed);
      const view = await ada.ask<{ ok: true; view: { scenario: ScenarioInput; room: RoomInfo } }>('room:resync', { roomId });
      expect(view.view.scenario.seed).toBe(SCENARIO_SEED);
      const scenario = loadScenario(view.view.scenario);
      expect(final.baselines).toEqual(baselineScores(scenario, theSeed));
      const runEnd = ada.got.find((g) => g.event === 'run:ended')!.payload as RunEnd;
      const saved = server.runs.runs.find((r) => r.playerNick === 'Ada')!;
      expect(saved.actions.length).toBeGreaterThan(0);
      const replay = simulate(scenario, { seed: final.seed!, bot: final.bot, actions: saved.actions }).result;
      expect([replay.finalHash, replay.score]).toEqual([runEnd.finalHash, runEnd.score]);
    });
  }

  it('co-op rooms keep the seed for the end too', async () => {
    server = await startServer();
    const host = await server.connect();
    const made = await host.emitWithAck('room:create', { kind: 'coop', scenario: { json: SECRET } });
    if (!made.ok) throw new Error(made.reason);
    expect(made.view.room.seed).toBeUndefined();
    expect(made.view.scenario.seed).toBeUndefined();
    const p = await server.connect();
    const joined = await p.emitWithAck('room:join', { code: made.code, nick: 'Bo' });
    expect(joined).toMatchObject({ ok: true });
    if (!joined.ok) return;
    expect(joined.view.room.seed).toBeUndefined();
    expect(await host.emitWithAck('room:control', { roomId: made.roomId, hostToken: made.hostToken, command: { op: 'end' } })).toEqual({ ok: true });
    const after = await p.emitWithAck('room:resync', { roomId: made.roomId });
    expect(after).toMatchObject({ ok: true, view: { room: { status: 'ended', seed: SCENARIO_SEED }, scenario: { seed: SCENARIO_SEED } } });
    // Nothing was played: no bot scores to compare with.
    expect(after.ok && after.view.room.baselines).toBeUndefined();
  });
});
