/**
 * The co-op pile-up, won together: three scripted players over real sockets each own
 * some CPUs and place a waking task onto one of their own CPUs before it wakes on
 * CPU 0, which is how the class beats the Linux balancer there (nobody can do it
 * alone: a wakeup placement is decided by the owner of the CPU it lands on).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../../server/engine/levels';
import { loadScenario, simulate } from '../../../server/engine';
import type { Frame } from '../../../server/protocol';
import { advanceTicks, frameAt, next, startServer, type Client, type TestServer } from './harness';
import { wholeFrames } from '../../helpers/frames';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const pileUp = loadScenario(BUILTIN_SCENARIOS.find((s) => s.slug === 'pile-up')!);

/**
 * A scripted player: whenever a frame announces `task` as waking soon and nobody has
 * planned it yet, it places it onto its own CPU `cpu`. Resolves with the server's answer.
 */
function placeWhenAnnounced(client: Client, roomId: string, task: string, cpu: number): Promise<unknown> {
  return new Promise((resolve) => {
    const frames = wholeFrames(client);
    const onFrame = (f: Frame) => {
      if (!f.incoming.some((x) => x.task === task) || f.plans.some((p) => p.task === task)) return;
      frames.off(onFrame);
      void client.emitWithAck('game:action', { roomId, task, cpu }).then(resolve);
    };
    frames.on(onFrame);
  });
}

describe('co-op: the pile-up won together', () => {
  it('three players place the wakers onto their own idle CPUs and the team beats Linux; the team score is shown once', async () => {
    server = await startServer();
    const host = await server.connect();
    const created = await host.emitWithAck('room:create', { kind: 'coop', scenario: { slug: 'pile-up' } });
    if (!created.ok) throw new Error(created.reason);
    const { roomId, code, hostToken } = created;
    const players: Record<string, Client> = {};
    for (const nick of ['Ada', 'Bob', 'Cy']) {
      players[nick] = await server.connect();
      expect(await players[nick].emitWithAck('room:join', { code, nick })).toMatchObject({ ok: true, role: 'player' });
    }
    const dealt = next(players.Ada, 'room:state', (r) => r.status === 'running');
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    // Four CPUs dealt in join order: Ada 0 and 3, Bob 1, Cy 2.
    expect((await dealt).seats.map((s) => [s.nick, s.cpus])).toEqual([['Ada', [0, 3]], ['Bob', [1]], ['Cy', [2]]]);

    // Nobody may place a waking task onto a CPU somebody else owns.
    const first = frameAt(players.Bob, 'main', 1);
    const plays = [
      placeWhenAnnounced(players.Bob, roomId, 'T2', 1),
      placeWhenAnnounced(players.Cy, roomId, 'T3', 2),
      placeWhenAnnounced(players.Ada, roomId, 'T4', 3),
    ];
    advanceTicks(server, roomId, 1);
    const f1 = await first;
    expect(f1.incoming.map((x) => [x.task, x.at])).toEqual([['T2', 3], ['T3', 6], ['T4', 9]]);
    expect(await Promise.all(plays)).toEqual([
      { ok: true, tick: 3, type: 'place' },
      { ok: true, tick: 6, type: 'place' },
      { ok: true, tick: 9, type: 'place' },
    ]);
    expect(await players.Bob.emitWithAck('game:action', { roomId, task: 'T3', cpu: 2 })).toMatchObject({ ok: false, reason: 'action/not-owner' });

    const ended = next(host, 'run:ended');
    const final = next(host, 'standings', (s) => s.tick === pileUp.duration);
    advanceTicks(server, roomId, pileUp.duration);
    const end = await ended;

    // Linux alone (the level's balancer, nobody acting) and the team's run, replayed from its saved log.
    const linux = simulate(pileUp, { seed: pileUp.seed }).result;
    const saved = server.runs.runs[0];
    expect(saved.actions.map((a) => [a.tick, a.type, a.task, a.cpu, a.player])).toEqual([
      [3, 'place', 'T2', 1, 'Bob'], [6, 'place', 'T3', 2, 'Cy'], [9, 'place', 'T4', 3, 'Ada'],
    ]);
    const replay = simulate(pileUp, { seed: saved.seed, bot: saved.bot, actions: saved.actions }).result;
    expect(end.score).toBe(replay.score);
    expect(end.score).toBeGreaterThan(linux.score);
    expect(end.stats.missed).toBe(0);
    expect(end.stats.stranded).toBe(0);

    // One team score, once; every player shares it (rank 1 each).
    const s = await final;
    expect(s.team?.score).toBe(end.score);
    expect(s.rows.map((r) => [r.nick, r.rank, r.score])).toEqual([['Ada', 1, end.score], ['Bob', 1, end.score], ['Cy', 1, end.score]]);
  });

  it('while the host has the machine paused, a plan reaches the teammates at once (no tick needed)', async () => {
    server = await startServer();
    const host = await server.connect();
    const created = await host.emitWithAck('room:create', { kind: 'coop', scenario: { slug: 'pile-up' } });
    if (!created.ok) throw new Error(created.reason);
    const { roomId, code, hostToken } = created;
    const ada = await server.connect();
    const bob = await server.connect();
    await ada.emitWithAck('room:join', { code, nick: 'Ada' });
    await bob.emitWithAck('room:join', { code, nick: 'Bob' });
    // Step from the lobby: the round starts paused at tick 1.
    const stepped = frameAt(ada, 'main', 1);
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'step' } })).toEqual({ ok: true });
    await stepped;
    const seen = wholeFrames(ada).next((f) => f.plans.some((p) => p.task === 'T2'));
    expect(await bob.emitWithAck('game:action', { roomId, task: 'T2', cpu: 1 })).toEqual({ ok: true, tick: 3, type: 'place' });
    const f = await seen;
    expect([f.tick, f.plans]).toEqual([1, [{ task: 'T2', cpu: 1 }]]);
    expect(server.app.registry.byId(roomId)!.tick).toBe(1);
  });
});
