import { afterEach, describe, expect, it } from 'vitest';
import { advanceTicks, frameAt, Recorder, startServer, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('a view replays the run\'s recent frames', () => {
  it('a resync and a reload (a new socket resuming) carry the frames already sent, bounded by historyTicks', async () => {
    server = await startServer({ rooms: { spreadPhases: false, historyTicks: 20 } });
    const host = await server.connect();
    const made = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } });
    if (!made.ok) throw new Error(made.reason);
    const { roomId, code, hostToken } = made;
    const player = await server.connect();
    const rec = new Recorder(player);
    const joined = await player.emitWithAck('room:join', { code, nick: 'Ada' });
    if (!joined.ok) throw new Error(joined.reason);
    const seatId = joined.seatId!;
    await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } });
    // Nothing played yet: an empty history from tick 0.
    const fresh = await player.emitWithAck('room:resync', { roomId });
    expect(fresh).toMatchObject({ ok: true, view: { history: { since: 0, frames: [] } } });

    let f = frameAt(player, seatId, 12);
    advanceTicks(server, roomId, 12);
    await f;
    expect(await player.emitWithAck('game:action', { roomId, task: 'H', cpu: 1 })).toMatchObject({ ok: true });
    f = frameAt(player, seatId, 15);
    advanceTicks(server, roomId, 3);
    await f;

    // The resync's history is exactly the frames this player was sent (events, machine, tick).
    const resync = await player.emitWithAck('room:resync', { roomId });
    if (!resync.ok) throw new Error(resync.reason);
    const sent = rec.frames.filter((x) => x.runId === seatId).map(({ tick, events, cpus, pinned }) => ({ tick, events, cpus, pinned }));
    expect(sent.map((x) => x.tick)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(resync.view.history).toEqual({ since: 0, frames: sent });
    // It holds the earliest ticks' events (H woke at 5 and preempted L) and the player's own move.
    const events = resync.view.history!.frames.flatMap((x) => x.events);
    expect(events).toContainEqual(expect.objectContaining({ type: 'release', task: 'H', tick: 5 }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'migrate', task: 'H', player: 'Ada', tick: 12 }));

    // A reload: a new socket resumes the seat with the token and gets the same history.
    const reloaded = await server.connect();
    const resumed = await reloaded.emitWithAck('room:resume', { code, token: joined.playerToken! });
    if (!resumed.ok) throw new Error(resumed.reason);
    expect(resumed.view.history).toEqual({ since: 0, frames: sent });

    // Bounded: 30 ticks later only the last 20 ticks' frames are kept, contiguous up to now.
    f = frameAt(player, seatId, 45);
    advanceTicks(server, roomId, 30);
    await f;
    const later = await player.emitWithAck('room:resync', { roomId });
    if (!later.ok) throw new Error(later.reason);
    const h = later.view.history!;
    expect(h.since).toBe(25);
    expect(h.frames.map((x) => x.tick)).toEqual(Array.from({ length: 20 }, (_, i) => 26 + i));
    expect(h.frames.flatMap((x) => x.events).every((e) => e.tick >= 25)).toBe(true);

    // A host following the run gets its history too.
    const watched = await host.emitWithAck('room:watch', { code, follow: seatId });
    if (!watched.ok) throw new Error(watched.reason);
    expect(watched.view.history).toEqual(h);
  });
});
