/**
 * Rounds over real sockets: the host starts another round in the same room; the
 * players' sockets keep their seats (nobody rejoins), get the new round's lobby and
 * then its frames, and every view carries the earlier rounds' results.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runIdFor } from '../../../server/rooms';
import { advanceTicks, frameAt, next, startServer, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('rounds in one room', () => {
  it('a second race round on another scenario reaches the same sockets, seats and tokens', async () => {
    server = await startServer();
    const host = await server.connect();
    const created = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } });
    if (!created.ok) throw new Error(created.reason);
    const { roomId, code, hostToken } = created;
    const ada = await server.connect();
    const bob = await server.connect();
    const a = await ada.emitWithAck('room:join', { code, nick: 'Ada' });
    const b = await bob.emitWithAck('room:join', { code, nick: 'Bob' });
    if (!a.ok || !b.ok) throw new Error('join');
    const control = (command: Parameters<typeof host.emitWithAck<'room:control'>>[1]['command']) => host.emitWithAck('room:control', { roomId, hostToken, command });

    expect(await control({ op: 'start' })).toEqual({ ok: true });
    // Ada moves H to the idle CPU the tick it wakes; Bob does nothing.
    let f = frameAt(ada, a.seatId!, 5);
    advanceTicks(server, roomId, 5);
    await f;
    expect(await ada.emitWithAck('game:action', { roomId, task: 'H', cpu: 1 })).toMatchObject({ ok: true });
    const over = next(ada, 'room:state', (r) => r.status === 'ended');
    advanceTicks(server, roomId, 60);
    await over;

    // Before the round ended a new round is refused; now it is the host's to start.
    const lobby = next(bob, 'room:state', (r) => r.status === 'lobby');
    expect(await host.emitWithAck('room:round', { roomId, hostToken, scenario: { slug: 'quad' } })).toEqual({ ok: true, round: 2 });
    const state = await lobby;
    expect([state.round, state.scenarioSlug, state.seats.map((s) => s.nick)]).toEqual([2, 'quad', ['Ada', 'Bob']]);
    // The players' sockets still hold their seats: a resync answers with the round-2 lobby and round 1's results.
    const view = await ada.emitWithAck('room:resync', { roomId });
    if (!view.ok) throw new Error(view.reason);
    expect(view.view.you).toEqual({ role: 'player', seatId: a.seatId });
    expect(view.view.scenario.slug).toBe('quad');
    expect(view.view.rounds.map((r) => [r.round, r.scenarioSlug, r.rows.map((x) => [x.nick, x.rank])])).toEqual([[1, 'duel', [['Ada', 1], ['Bob', 2]]]]);
    // The tokens from round 1 still resume the same seats.
    const again = await server.connect();
    expect(await again.emitWithAck('room:resume', { code, token: b.playerToken! })).toMatchObject({ ok: true, role: 'player', seatId: b.seatId });

    expect(await control({ op: 'start' })).toEqual({ ok: true });
    const r2 = runIdFor(a.seatId!, 2);
    f = frameAt(ada, r2, 1);
    advanceTicks(server, roomId, 1);
    const frame = await f;
    expect(frame.runId).toBe(r2);
    // Frames of round 2 carry each runnable task's progress for the chips.
    expect(Object.keys(frame.progress).sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(frame.progress.A).toMatchObject({ lens: [12], seg: 0, done: 1, deadline: 40, missed: false });
    expect(await ada.emitWithAck('game:action', { roomId, task: 'B', cpu: 1 })).toMatchObject({ ok: true });
    const ended = next(host, 'room:state', (r) => r.status === 'ended');
    advanceTicks(server, roomId, 40);
    const last = await ended;
    expect(last.round).toBe(2);
    const results = await host.emitWithAck('room:resync', { roomId });
    if (!results.ok) throw new Error(results.reason);
    expect(results.view.rounds.map((r) => [r.round, r.scenarioSlug, r.rows.length])).toEqual([[1, 'duel', 2], [2, 'quad', 2]]);
    expect(server.runs.runs.map((r) => [r.round, r.scenarioSlug, r.playerNick]).sort()).toEqual([
      [1, 'duel', 'Ada'], [1, 'duel', 'Bob'], [2, 'quad', 'Ada'], [2, 'quad', 'Bob'],
    ]);
  });
});
