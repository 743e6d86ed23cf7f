import { afterEach, describe, expect, it } from 'vitest';
import { advanceTicks, frameAt, next, Recorder, startServer, sync, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

async function race() {
  const host = await server.connect();
  const created = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } });
  if (!created.ok) throw new Error(created.reason);
  const { roomId, code, hostToken } = created;
  const join = async (socket: Client, nick: string) => {
    const r = await socket.emitWithAck('room:join', { code, nick });
    if (!r.ok) throw new Error(r.reason);
    return { seatId: r.seatId!, token: r.playerToken! };
  };
  return { host, roomId, code, hostToken, join };
}

describe('a race keeps each run to its player', () => {
  it("a player cannot follow a rival's run: refused, and none of the rival's frames or plans reach them", async () => {
    server = await startServer();
    const { host, roomId, code, hostToken, join } = await race();
    const ada = await server.connect();
    const bob = await server.connect();
    const adaRec = new Recorder(ada);
    const a = await join(ada, 'Ada');
    const b = await join(bob, 'Bob');
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });

    expect(await ada.emitWithAck('room:watch', { code, follow: b.seatId })).toMatchObject({ ok: false, reason: 'auth/not-host' });
    // Bob plans H's wakeup (tick 5): his plan travels in his frames only.
    expect(await bob.emitWithAck('game:action', { roomId, task: 'H', cpu: 1 })).toMatchObject({ ok: true, type: 'place' });
    const bobSees = frameAt(bob, b.seatId, 3);
    advanceTicks(server, roomId, 3);
    expect((await bobSees).plans).toEqual([{ task: 'H', cpu: 1 }]);
    await sync(ada, roomId);
    expect(adaRec.frames.length).toBeGreaterThan(0);
    expect(adaRec.frames.every((f) => f.runId === a.seatId)).toBe(true);
    // Her resync still shows her own run.
    const view = await ada.emitWithAck('room:resync', { roomId });
    expect(view).toMatchObject({ ok: true, view: { you: { role: 'player', seatId: a.seatId }, run: { runId: a.seatId } } });
  });

  it('following before joining does not survive taking a seat', async () => {
    server = await startServer();
    const { host, roomId, code, hostToken, join } = await race();
    const bob = await server.connect();
    const b = await join(bob, 'Bob');
    const carl = await server.connect();
    const carlRec = new Recorder(carl);
    // Carl watches Bob from the lobby, then takes a seat himself.
    expect(await carl.emitWithAck('room:watch', { code, follow: b.seatId })).toMatchObject({ ok: true });
    const c = await join(carl, 'Carl');
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    const own = frameAt(carl, c.seatId, 2);
    advanceTicks(server, roomId, 2);
    await own;
    await sync(carl, roomId);
    expect(carlRec.frames.filter((f) => f.runId === b.seatId)).toEqual([]);
  });

  it('the host and a spectator may follow a player and get that run', async () => {
    server = await startServer();
    const { host, roomId, code, hostToken, join } = await race();
    const bob = await server.connect();
    const b = await join(bob, 'Bob');
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    const watcher = await server.connect();
    expect(await host.emitWithAck('room:watch', { code, follow: b.seatId })).toMatchObject({ ok: true, view: { run: { runId: b.seatId } } });
    expect(await watcher.emitWithAck('room:watch', { code, follow: b.seatId })).toMatchObject({ ok: true, view: { run: { runId: b.seatId } } });
    const hostGets = frameAt(host, b.seatId, 1);
    const watcherGets = frameAt(watcher, b.seatId, 1);
    advanceTicks(server, roomId, 1);
    await Promise.all([hostGets, watcherGets]);
  });

  it("at the end each player gets their own run's end, a follower the followed run's, and nobody a rival's", async () => {
    server = await startServer();
    const { host, roomId, code, hostToken, join } = await race();
    const ada = await server.connect();
    const bob = await server.connect();
    const watcher = await server.connect();
    const a = await join(ada, 'Ada');
    const b = await join(bob, 'Bob');
    const ends = new Map<Client, string[]>([[ada, []], [bob, []], [watcher, []], [host, []]]);
    for (const [socket, got] of ends) socket.on('run:ended', (e) => got.push(e.runId));
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    expect(await watcher.emitWithAck('room:watch', { code, follow: b.seatId })).toMatchObject({ ok: true });
    const over = next(host, 'room:state', (r) => r.status === 'ended');
    advanceTicks(server, roomId, 60);
    await over;
    for (const s of [ada, bob, watcher, host]) await sync(s, roomId);
    expect(ends.get(ada)).toEqual([a.seatId]);
    expect(ends.get(bob)).toEqual([b.seatId]);
    expect(ends.get(watcher)).toEqual([b.seatId]);
    // The host follows nobody here: the standings carry everyone's results.
    expect(ends.get(host)).toEqual([]);
  });
});
