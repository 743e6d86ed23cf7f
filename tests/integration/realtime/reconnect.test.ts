import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../../server/engine';
import { advanceTicks, frameAt, next, Recorder, startServer, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

/** Drops the connection the way lost Wi-Fi or a closed tab does: the transport goes, no goodbye. */
function dropTransport(socket: Client): void {
  (socket.io.engine as unknown as { close(): void }).close();
}

describe('reconnection', () => {
  it('a player who drops mid-round resumes the same seat, run and score with their token', async () => {
    server = await startServer();
    const host = await server.connect();
    const created = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } });
    if (!created.ok) throw new Error(created.reason);
    const { roomId, code, hostToken } = created;
    const first = await server.connect();
    const joined = await first.emitWithAck('room:join', { code, nick: 'Ada' });
    if (!joined.ok) throw new Error(joined.reason);
    const seatId = joined.seatId!;
    const token = joined.playerToken!;
    const other = await server.connect();
    await other.emitWithAck('room:join', { code, nick: 'Bob' });
    await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } });

    let f = frameAt(first, seatId, 1);
    advanceTicks(server, roomId, 1);
    const beforeDrop = await f;
    expect(await first.emitWithAck('game:action', { roomId, task: 'L', cpu: 1 })).toEqual({ ok: true, tick: 1, type: 'migrate' });

    // The drop: the host sees the seat go offline; the round goes on without her.
    const offline = next(host, 'room:state', (r) => r.seats.some((s) => s.seatId === seatId && !s.connected));
    dropTransport(first);
    await offline;
    // Standings go out once a second of play: the one at tick 10 shows her offline.
    const hostSees = next(host, 'standings', (s) => s.tick >= 10);
    advanceTicks(server, roomId, 10);
    const standings = await hostSees;
    expect(standings.rows.find((r) => r.seatId === seatId)).toMatchObject({ nick: 'Ada', connected: false });

    // Back on a new connection with the token: same seat, the run as it is now, the same score.
    const again = await server.connect();
    const rec = new Recorder(again);
    const resumed = await again.emitWithAck('room:resume', { code: code.toLowerCase(), token });
    if (!resumed.ok) throw new Error(resumed.reason);
    expect(resumed.role).toBe('player');
    expect(resumed.seatId).toBe(seatId);
    const run = resumed.view.run!;
    expect(run.runId).toBe(seatId);
    expect(run.tick).toBe(11);
    const serverRun = server.app.registry.byId(roomId)!.runs.get(seatId)!;
    expect(run.stats).toEqual(serverRun.stats());
    expect(run.version).toBeGreaterThan(beforeDrop.version);
    expect(server.app.registry.byId(roomId)!.info().seats.find((s) => s.seatId === seatId)?.connected).toBe(true);

    // Frames continue from the resumed version with no gap; she can act again.
    f = frameAt(again, seatId, 12);
    advanceTicks(server, roomId, 1);
    const afterResume = await f;
    expect(afterResume.version).toBe(run.version + 1);
    expect(await again.emitWithAck('game:action', { roomId, task: 'H', cpu: 1 })).toEqual({ ok: true, tick: 12, type: 'migrate' });

    // A client that notices a gap asks for a resync and gets the current version.
    advanceTicks(server, roomId, 3);
    const resync = await again.emitWithAck('room:resync', { roomId });
    if (!resync.ok) throw new Error(resync.reason);
    expect(resync.view.run!.version).toBe(rec.lastFrame(seatId)!.version);
    expect(resync.view.you).toEqual({ role: 'player', seatId });

    // The host can come back too, with the host token.
    const host2 = await server.connect();
    const hostBack = await host2.emitWithAck('room:resume', { code, token: hostToken });
    expect(hostBack).toMatchObject({ ok: true, role: 'host' });

    const ended = next(again, 'run:ended', (e) => e.runId === seatId);
    advanceTicks(server, roomId, 60);
    await ended;
    await host2.emitWithAck('room:resync', { roomId });
    const saved = server.runs.runs.find((r) => r.playerId === seatId)!;
    expect(saved.actions.map((a) => [a.tick, a.task])).toEqual([[1, 'L'], [12, 'H']]);
    expect(simulate(loadScenario(saved.scenario), { seed: saved.seed, bot: saved.bot, actions: saved.actions }).result.finalHash).toBe(saved.finalHash);
  });
});

describe('host controls of a shared machine', () => {
  it('pauses, single-steps, changes speed and saves the finished co-op run', async () => {
    server = await startServer();
    const host = await server.connect();
    const rec = new Recorder(host);
    const made = await host.emitWithAck('room:create', { kind: 'coop', scenario: { slug: 'duel' } });
    if (!made.ok) throw new Error(made.reason);
    const { roomId, code, hostToken } = made;
    const sam = await server.connect();
    const seat = await sam.emitWithAck('room:join', { code, nick: 'Sam' });
    if (!seat.ok) throw new Error(seat.reason);
    const control = (command: Parameters<typeof host.emitWithAck<'room:control'>>[1]['command']) => host.emitWithAck('room:control', { roomId, hostToken, command });
    expect(made.view.run).toMatchObject({ runId: 'main', tick: 0, version: 0 });

    // Single-step from the lobby: exactly one tick per step (the round starts paused).
    // The frame is sent before the ack: listen first.
    let f = frameAt(host, 'main', 1);
    expect(await control({ op: 'step' })).toEqual({ ok: true });
    expect((await f).tick).toBe(1);
    expect(server.app.registry.byId(roomId)!.status).toBe('paused');
    expect(await sam.emitWithAck('game:action', { roomId, task: 'L', cpu: 1 })).toEqual({ ok: true, tick: 1, type: 'migrate' });
    f = frameAt(host, 'main', 2);
    expect(await control({ op: 'step' })).toEqual({ ok: true });
    const stepped = await f;
    expect(stepped.events).toContainEqual(expect.objectContaining({ type: 'migrate', task: 'L', player: 'Sam' }));
    // While paused, time passing runs nothing.
    server.clock.advance(5000);
    expect(server.app.registry.byId(roomId)!.tick).toBe(2);

    // 8x: 80 ticks per second; a quarter second of wall time runs 20 ticks.
    expect(await control({ op: 'speed', speed: 8 })).toEqual({ ok: true });
    expect(await control({ op: 'resume' })).toEqual({ ok: true });
    server.clock.advance(250);
    expect(server.app.registry.byId(roomId)!.tick).toBe(22);
    expect(await control({ op: 'pause' })).toEqual({ ok: true });
    expect(await control({ op: 'step' })).toEqual({ ok: true });
    expect(server.app.registry.byId(roomId)!.tick).toBe(23);
    // 0.25x: 2.5 ticks per second.
    expect(await control({ op: 'speed', speed: 0.25 })).toEqual({ ok: true });
    expect(await control({ op: 'resume' })).toEqual({ ok: true });
    server.clock.advance(2000);
    expect(server.app.registry.byId(roomId)!.tick).toBe(28);

    const done = next(host, 'run:ended');
    server.clock.advance(20_000);
    const end = await done;
    expect(end).toMatchObject({ complete: true, ticks: 60 });
    await host.emitWithAck('room:resync', { roomId });
    expect(rec.frames.map((x) => x.version)).toEqual(rec.frames.map((_, i) => i + 1));
    expect(server.runs.runs).toHaveLength(1);
    expect(server.runs.runs[0]).toMatchObject({ kind: 'coop', roomCode: code, players: [{ nick: 'Sam', removed: false }], score: end.score, actions: [{ tick: 1, type: 'migrate', task: 'L', cpu: 1, player: 'Sam' }] });
  });
});
