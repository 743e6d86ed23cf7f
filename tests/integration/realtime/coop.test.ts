import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../../server/engine';
import { advanceTicks, frameAt, next, Recorder, startServer, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('co-op: one shared machine', () => {
  it('interleaves two players acting on their own CPUs, and everyone sees every move', async () => {
    server = await startServer();
    const host = await server.connect();
    const hostRec = new Recorder(host);
    const created = await host.emitWithAck('room:create', { kind: 'coop', scenario: { slug: 'quad' } });
    if (!created.ok) throw new Error(created.reason);
    const { roomId, code, hostToken } = created;

    const ada = await server.connect();
    const bob = await server.connect();
    const adaRec = new Recorder(ada);
    const bobRec = new Recorder(bob);
    const a = await ada.emitWithAck('room:join', { code, nick: 'Ada' });
    const b = await bob.emitWithAck('room:join', { code, nick: 'Bob' });
    if (!a.ok || !b.ok) throw new Error('join failed');
    const watcher = await server.connect();
    const watchRec = new Recorder(watcher);
    expect(await watcher.emitWithAck('room:watch', { code })).toMatchObject({ ok: true });

    // Round-robin deal at the start: CPU 0 to Ada (first to join), CPU 1 to Bob.
    const dealt = next(ada, 'room:state', (r) => r.status === 'running');
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    const state = await dealt;
    expect(state.seats.map((s) => [s.nick, s.cpus])).toEqual([['Ada', [0]], ['Bob', [1]]]);

    let f = frameAt(ada, 'main', 1);
    advanceTicks(server, roomId, 1);
    await f;

    // Same tick, interleaved: each moves a waiting task off their own CPU to the other's.
    const [m1, m2] = await Promise.all([
      ada.emitWithAck('game:action', { roomId, task: 'B', cpu: 1 }),
      bob.emitWithAck('game:action', { roomId, task: 'D', cpu: 0 }),
    ]);
    expect(m1).toEqual({ ok: true, tick: 1, type: 'migrate' });
    expect(m2).toEqual({ ok: true, tick: 1, type: 'migrate' });
    // Bob may not touch a task on Ada's CPU.
    expect(await bob.emitWithAck('game:action', { roomId, task: 'A', cpu: 1 })).toMatchObject({ ok: false, reason: 'action/not-owner' });

    f = frameAt(watcher, 'main', 2);
    advanceTicks(server, roomId, 1);
    const shown = await f;
    const moves = shown.events.filter((e) => e.type === 'migrate');
    expect(moves).toEqual(expect.arrayContaining([
      expect.objectContaining({ task: 'B', to: 1, player: 'Ada' }),
      expect.objectContaining({ task: 'D', to: 0, player: 'Bob' }),
    ]));

    // Now B sits on Bob's CPU: Bob can move it back, Ada no longer can.
    expect(await ada.emitWithAck('game:action', { roomId, task: 'B', cpu: 0 })).toMatchObject({ ok: false, reason: 'action/not-owner' });
    expect(await bob.emitWithAck('game:action', { roomId, task: 'B', cpu: 0 })).toEqual({ ok: true, tick: 2, type: 'migrate' });

    // Bob's move applies on tick 2 (a move still waiting when its CPU changes hands is withdrawn: see coop-plans.test.ts).
    f = frameAt(ada, 'main', 3);
    advanceTicks(server, roomId, 1);
    await f;
    // The host gives CPU 1 to Ada as well; then Ada can act there.
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'assign', cpu: 1, seatId: a.seatId! } })).toEqual({ ok: true });
    f = frameAt(ada, 'main', 4);
    advanceTicks(server, roomId, 1);
    await f;
    expect(await ada.emitWithAck('game:action', { roomId, task: 'C', cpu: 0 })).toEqual({ ok: true, tick: 4, type: 'migrate' });
    expect(await bob.emitWithAck('game:action', { roomId, task: 'D', cpu: 1 })).toMatchObject({ ok: false, reason: 'action/not-owner' });

    const ended = next(host, 'run:ended');
    advanceTicks(server, roomId, 40);
    const end = await ended;
    await host.emitWithAck('room:resync', { roomId });
    await watcher.emitWithAck('room:resync', { roomId });
    await ada.emitWithAck('room:resync', { roomId });
    await bob.emitWithAck('room:resync', { roomId });

    // Everyone saw the same frames of the one shared run.
    const ticks = (fs: { tick: number; version: number }[]) => fs.map((x) => `${x.tick}/${x.version}`);
    expect(ticks(adaRec.frames)).toEqual(ticks(hostRec.frames));
    expect(ticks(bobRec.frames)).toEqual(ticks(hostRec.frames));
    expect(ticks(watchRec.frames)).toEqual(ticks(hostRec.frames));
    expect(hostRec.frames[hostRec.frames.length - 1].tick).toBe(40);

    // One saved run, both players' actions in arrival order, replayable.
    expect(server.runs.runs).toHaveLength(1);
    const run = server.runs.runs[0];
    expect(run).toMatchObject({ kind: 'coop', players: [{ nick: 'Ada', removed: false }, { nick: 'Bob', removed: false }], complete: true, score: end.score });
    expect(run.actions.map((x) => [x.tick, x.player, x.task, x.owned])).toEqual([
      [1, 'Ada', 'B', [0]], [1, 'Bob', 'D', [1]], [2, 'Bob', 'B', [1]], [4, 'Ada', 'C', [0, 1]],
    ]);
    const replay = simulate(loadScenario(run.scenario), { seed: run.seed, bot: run.bot, actions: run.actions }).result;
    expect(replay.finalHash).toBe(run.finalHash);
    expect(replay.metrics.playerMigrations).toBe(4);
  });
});
