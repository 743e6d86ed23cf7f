import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../../server/engine';
import { CODE_ALPHABET, type Frame } from '../../../server/protocol';
import { advanceTicks, frameAt, next, Recorder, startServer, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('race: a host and three players', () => {
  it('runs a full round in lockstep, with private runs, live standings and replayable saved runs', async () => {
    server = await startServer();
    const host = await server.connect();
    const hostRec = new Recorder(host);
    const created = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } });
    if (!created.ok) throw new Error(created.reason);
    expect(created.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
    expect(created.joinPath).toBe(`/join/${created.code}`);
    expect(created.view.you.role).toBe('host');
    const roomId = created.roomId;

    const nicks = ['Ada', 'Linus', 'Grace'];
    const players: { socket: Client; seatId: string; token: string; rec: Recorder }[] = [];
    for (const nick of nicks) {
      const socket = await server.connect();
      const rec = new Recorder(socket);
      // People type codes in lower case with spaces around; the server normalises.
      const joined = await socket.emitWithAck('room:join', { code: ` ${created.code.toLowerCase()} `, nick });
      if (!joined.ok) throw new Error(joined.reason);
      expect(joined.role).toBe('player');
      players.push({ socket, seatId: joined.seatId!, token: joined.playerToken!, rec });
    }
    expect(new Set(players.map((p) => p.seatId)).size).toBe(3);

    // Nicknames are unique per room, case-insensitively.
    const dup = await (await server.connect()).emitWithAck('room:join', { code: created.code, nick: 'ADA' });
    expect(dup).toMatchObject({ ok: false, reason: 'nick/taken' });

    // Only the host can start.
    const sneaky = await players[0].socket.emitWithAck('room:control', { roomId, hostToken: players[0].token, command: { op: 'start' } });
    expect(sneaky).toMatchObject({ ok: false, reason: 'auth/not-host' });
    const started = await host.emitWithAck('room:control', { roomId, hostToken: created.hostToken, command: { op: 'start' } });
    expect(started).toEqual({ ok: true });

    // A late joiner watches.
    const late = await server.connect();
    const lateRec = new Recorder(late);
    const lateJoin = await late.emitWithAck('room:join', { code: created.code, nick: 'Latecomer' });
    expect(lateJoin).toMatchObject({ ok: true, role: 'spectator' });

    // Tick 1: Ada moves L off CPU 0 before its migrate_disable() section.
    const [ada, linus, grace] = players;
    let f = frameAt(ada.socket, ada.seatId, 1);
    advanceTicks(server, roomId, 1);
    await f;
    const move = await ada.socket.emitWithAck('game:action', { roomId, task: 'L', cpu: 1 });
    expect(move).toEqual({ ok: true, tick: 1, type: 'migrate' });
    // Grace moves H, asleep until tick 5 (announced): the move becomes where it will wake.
    const early = await grace.socket.emitWithAck('game:action', { roomId, task: 'H', cpu: 1 });
    expect(early).toMatchObject({ ok: true, tick: 5 });

    f = frameAt(ada.socket, ada.seatId, 2);
    advanceTicks(server, roomId, 1);
    const shown = await f;
    expect(shown.events).toContainEqual(expect.objectContaining({ type: 'migrate', task: 'L', to: 1, by: 'player', player: 'Ada', tick: 1 }));

    // Tick 10: H woke at 5 where Grace placed it (CPU 1); she moves it back to CPU 0.
    f = frameAt(grace.socket, grace.seatId, 10);
    advanceTicks(server, roomId, 8);
    expect((await f).cpus[1].running).toBe('H');
    const hMove = await grace.socket.emitWithAck('game:action', { roomId, task: 'H', cpu: 0 });
    expect(hMove).toEqual({ ok: true, tick: 10, type: 'migrate' });

    // Run to the end of the scenario.
    const ends = players.map((p) => next(p.socket, 'run:ended', (e) => e.runId === p.seatId));
    const hostEnds = next(host, 'room:state', (r) => r.status === 'ended');
    advanceTicks(server, roomId, 60);
    const results = await Promise.all(ends);
    await hostEnds;

    // Each player saw only their own run, every tick, versions without gaps.
    for (const p of players) {
      const mine = p.rec.frames;
      expect(mine.every((fr: Frame) => fr.runId === p.seatId)).toBe(true);
      expect(mine.map((fr) => fr.version)).toEqual(mine.map((_, i) => i + 1));
      expect(mine[mine.length - 1].tick).toBe(60);
    }
    expect(hostRec.frames).toHaveLength(0);
    expect(results.every((r) => r.complete && r.ticks === 60)).toBe(true);

    // Standings reached everyone, host and spectator included, with all three players.
    const finalStandings = hostRec.standings[hostRec.standings.length - 1];
    expect(finalStandings.rows.map((r) => r.nick).sort()).toEqual(['Ada', 'Grace', 'Linus']);
    expect(lateRec.standings.length).toBeGreaterThan(0);
    expect(players.every((p) => p.rec.standings.length > 0)).toBe(true);
    const byNick = Object.fromEntries(finalStandings.rows.map((r) => [r.nick, r]));
    expect(byNick.Ada.score).toBe(results[0].score);
    expect(byNick.Linus.score).toBe(results[1].score);

    // Saved runs replay to the same hash and score.
    await host.emitWithAck('room:resync', { roomId });
    expect(server.runs.runs).toHaveLength(3);
    for (const run of server.runs.runs) {
      expect(run).toMatchObject({ kind: 'race', scenarioSlug: 'duel', complete: true, ticks: 60, roomCode: created.code });
      const replay = simulate(loadScenario(run.scenario), { seed: run.seed, bot: run.bot, actions: run.actions }).result;
      expect(replay.finalHash).toBe(run.finalHash);
      expect(replay.score).toBe(run.score);
    }
    const adaRun = server.runs.runs.find((r) => r.playerNick === 'Ada')!;
    expect(adaRun.actions).toEqual([{ tick: 1, type: 'migrate', task: 'L', cpu: 1, player: 'Ada' }]);
    expect(server.runs.runs.find((r) => r.playerNick === 'Linus')!.actions).toEqual([]);
    expect(server.runs.runs.find((r) => r.playerNick === 'Grace')!.actions).toEqual([
      { tick: 5, type: 'place', task: 'H', cpu: 1, player: 'Grace' },
      { tick: 10, type: 'migrate', task: 'H', cpu: 0, player: 'Grace' },
    ]);
    expect(linus.rec.frames.length).toBe(60);
  });
});
