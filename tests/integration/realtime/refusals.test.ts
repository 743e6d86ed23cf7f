import { afterEach, describe, expect, it } from 'vitest';
import { hashState } from '../../../server/engine';
import { advanceTicks, DUEL, frameAt, next, startServer, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

async function race(s: TestServer, extra: object = {}) {
  const host = await s.connect();
  const r = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' }, ...extra });
  if (!r.ok) throw new Error(r.reason);
  return { host, ...r };
}

const raw = (socket: Client) => socket as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<unknown>; emit(e: string, ...a: unknown[]): void };

describe('refusals: every reason, as data, with no state change', () => {
  it('refuses a client of another protocol version at connection', async () => {
    server = await startServer();
    await expect(server.connect({ protocol: 999 })).rejects.toThrow('protocol/version');
  });

  it('refuses unknown events and bad payloads, with and without an ack', async () => {
    server = await startServer();
    const c = await server.connect();
    expect(await raw(c).emitWithAck('room:destroy', { roomId: 'x' })).toEqual({ ok: false, reason: 'bad/event' });
    const refusedEvent = next(c, 'refused');
    raw(c).emit('admin:shutdown');
    expect(await refusedEvent).toMatchObject({ event: 'admin:shutdown', reason: 'bad/event' });

    expect(await raw(c).emitWithAck('room:join', { code: 'ABC234' })).toMatchObject({ ok: false, reason: 'bad/payload' });
    expect(await raw(c).emitWithAck('room:join', { code: 'ABC234', nick: 'Bob', isHost: true })).toMatchObject({ ok: false, reason: 'bad/payload' });
    expect(await raw(c).emitWithAck('room:join', 'ABC234')).toMatchObject({ ok: false, reason: 'bad/payload' });
    expect(await raw(c).emitWithAck('room:join', { code: 'ABC234', nick: 'x' }, 'extra')).toMatchObject({ ok: false, reason: 'bad/payload' });
    expect(await raw(c).emitWithAck('game:action', { roomId: 'r', type: 'teleport', task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'bad/payload' });
    const noAck = next(c, 'refused');
    raw(c).emit('room:control', { roomId: 'r' });
    expect(await noAck).toMatchObject({ event: 'room:control', reason: 'bad/payload' });
  });

  it('refuses rooms, nicknames, seats and scenarios by name', async () => {
    server = await startServer();
    const { host, roomId, code, hostToken } = await race(server, { maxPlayers: 2 });
    const p1 = await server.connect();
    const p2 = await server.connect();
    const p3 = await server.connect();

    expect(await p1.emitWithAck('room:join', { code: 'ZZZZZZ', nick: 'Ada' })).toMatchObject({ ok: false, reason: 'room/not-found' });
    for (const nick of ['<b>x</b>', 'a', 'x'.repeat(21), 'Tom & Jerry', 'javascript:alert(1)']) {
      expect(await p1.emitWithAck('room:join', { code, nick })).toMatchObject({ ok: false, reason: 'nick/invalid' });
    }
    expect(await p1.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'no-such-level' } })).toMatchObject({ ok: false, reason: 'scenario/unknown' });
    expect(await p1.emitWithAck('room:create', { kind: 'coop', scenario: { json: { ...DUEL, cpus: 0 } } })).toMatchObject({ ok: false, reason: 'scenario/invalid' });

    const a = await p1.emitWithAck('room:join', { code, nick: 'Ada' });
    if (!a.ok) throw new Error(a.reason);
    expect(await p1.emitWithAck('room:join', { code, nick: 'Ada2' })).toMatchObject({ ok: false, reason: 'seat/already' });
    expect(await p2.emitWithAck('room:join', { code, nick: 'aDA' })).toMatchObject({ ok: false, reason: 'nick/taken' });

    // Locked: nobody new gets in; unlocked: the room fills up.
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'lock', locked: true } })).toEqual({ ok: true });
    expect(await p2.emitWithAck('room:join', { code, nick: 'Bob' })).toMatchObject({ ok: false, reason: 'room/locked' });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'lock', locked: false } })).toEqual({ ok: true });
    const b = await p2.emitWithAck('room:join', { code, nick: 'Bob' });
    expect(b).toMatchObject({ ok: true, role: 'player' });
    expect(await p3.emitWithAck('room:join', { code, nick: 'Cy' })).toMatchObject({ ok: false, reason: 'room/full' });

    // Host-only, with the host token; a player token or a made-up one is not enough.
    expect(await p1.emitWithAck('room:control', { roomId, hostToken: a.playerToken!, command: { op: 'start' } })).toMatchObject({ ok: false, reason: 'auth/not-host' });
    expect(await p1.emitWithAck('room:control', { roomId, hostToken: 'A'.repeat(22), command: { op: 'lock', locked: true } })).toMatchObject({ ok: false, reason: 'auth/not-host' });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'assign', cpu: 0, seatId: a.seatId! } })).toMatchObject({ ok: false, reason: 'room/wrong-kind' });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'kick', seatId: 's99' } })).toMatchObject({ ok: false, reason: 'seat/not-found' });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'resume' } })).toMatchObject({ ok: false, reason: 'control/not-paused' });
    expect(await p1.emitWithAck('game:action', { roomId, type: 'migrate', task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'room/not-running' });
    expect(await p3.emitWithAck('room:resume', { code, token: 'B'.repeat(22) })).toMatchObject({ ok: false, reason: 'auth/bad-token' });
    expect(await p3.emitWithAck('room:resync', { roomId })).toMatchObject({ ok: false, reason: 'auth/not-player' });

    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toMatchObject({ ok: false, reason: 'room/started' });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'step' } })).toMatchObject({ ok: false, reason: 'room/wrong-kind' });

    // A spectator cannot act.
    const spec = await p3.emitWithAck('room:watch', { code, follow: a.seatId! });
    expect(spec).toMatchObject({ ok: true });
    expect(await p3.emitWithAck('game:action', { roomId, type: 'migrate', task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'auth/not-player' });
    expect(await p3.emitWithAck('room:watch', { code, follow: 's42' })).toMatchObject({ ok: false, reason: 'seat/not-found' });

    // Engine refusals come back as action/<reason>. At tick 3, L is inside its migrate_disable() section.
    const f = frameAt(p1, a.seatId!, 3);
    advanceTicks(server, roomId, 3);
    await f;
    const room = server.app.registry.byId(roomId)!;
    const before = hashState(room.runs.get(a.seatId!)!.state);
    expect(await p1.emitWithAck('game:action', { roomId, type: 'migrate', task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'action/pinned' });
    expect(await p1.emitWithAck('game:action', { roomId, type: 'migrate', task: 'L', cpu: 0 })).toMatchObject({ ok: false, reason: 'action/same-cpu' });
    expect(await p1.emitWithAck('game:action', { roomId, type: 'migrate', task: 'Q', cpu: 1 })).toMatchObject({ ok: false, reason: 'action/unknown-task' });
    expect(await p1.emitWithAck('game:action', { roomId, type: 'migrate', task: 'L', cpu: 7 })).toMatchObject({ ok: false, reason: 'action/unknown-cpu' });
    expect(await p1.emitWithAck('game:action', { roomId, type: 'migrate', task: 'H', cpu: 9 })).toMatchObject({ ok: false, reason: 'action/unknown-cpu' });
    expect(hashState(room.runs.get(a.seatId!)!.state)).toBe(before);

    // Kick: the seat's socket is told, loses its seat, and its token stops working.
    const kicked = next(p2, 'room:kicked');
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'kick', seatId: b.ok ? b.seatId! : '' } })).toEqual({ ok: true });
    expect(await kicked).toEqual({ roomId });
    expect(await p2.emitWithAck('game:action', { roomId, type: 'migrate', task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'auth/not-player' });
    expect(await p2.emitWithAck('room:resume', { code, token: b.ok ? b.playerToken! : '' })).toMatchObject({ ok: false, reason: 'auth/bad-token', detail: 'kicked' });

    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'end' } })).toEqual({ ok: true });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'pause' } })).toMatchObject({ ok: false, reason: 'room/ended' });
    expect(await p1.emitWithAck('game:action', { roomId, type: 'migrate', task: 'H', cpu: 1 })).toMatchObject({ ok: false, reason: 'room/ended' });
    // Ended early: saved, marked incomplete.
    expect(server.runs.runs.map((r) => [r.playerNick, r.complete, r.ticks])).toEqual([['Ada', false, 3]]);
  });

  it('refuses solo-only and co-op-only controls in the wrong room', async () => {
    server = await startServer();
    const c = await server.connect();
    const solo = await c.emitWithAck('solo:create', { scenario: { slug: 'duel' } });
    if (!solo.ok) throw new Error(solo.reason);
    expect(await c.emitWithAck('room:control', { roomId: solo.roomId, hostToken: solo.hostToken, command: { op: 'lock', locked: true } })).toMatchObject({ ok: false, reason: 'room/wrong-kind' });
    const other = await server.connect();
    expect(await other.emitWithAck('room:join', { code: solo.code, nick: 'Eve' })).toMatchObject({ ok: false, reason: 'room/wrong-kind' });
  });

  it('limits messages per socket and join attempts per address', async () => {
    server = await startServer({ limits: { messagesPerSecond: 5, messageBurst: 10, joinAttempts: 10 }, maxRooms: 1 });
    const c = await server.connect();
    const replies = await Promise.all(Array.from({ length: 15 }, () => c.emitWithAck('room:resync', { roomId: 'nope' })));
    expect(replies.filter((r) => !r.ok && r.reason === 'rate/limited')).toHaveLength(5);
    expect(replies.filter((r) => !r.ok && r.reason === 'room/not-found')).toHaveLength(10);
    // The bucket refills with time (the manual clock).
    server.clock.advance(1000);
    expect(await c.emitWithAck('room:resync', { roomId: 'nope' })).toMatchObject({ reason: 'room/not-found' });

    // Guessing codes: a failure costs 5 attempts out of 10 per minute for this address, on any socket.
    const d = await server.connect();
    const e = await server.connect();
    expect(await d.emitWithAck('room:join', { code: 'AAAAAA', nick: 'Guess' })).toMatchObject({ reason: 'room/not-found' });
    expect(await e.emitWithAck('room:watch', { code: 'BBBBBB' })).toMatchObject({ reason: 'room/not-found' });
    expect(await e.emitWithAck('room:join', { code: 'CCCCCC', nick: 'Guess' })).toMatchObject({ reason: 'join/limited' });
    server.clock.advance(60_001);
    expect(await e.emitWithAck('room:join', { code: 'CCCCCC', nick: 'Guess' })).toMatchObject({ reason: 'room/not-found' });

    expect(await d.emitWithAck('solo:create', { scenario: { slug: 'duel' } })).toMatchObject({ ok: true });
    expect(await e.emitWithAck('solo:create', { scenario: { slug: 'duel' } })).toMatchObject({ ok: false, reason: 'room/too-many' });
  });
});
