import { afterEach, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { hashState } from '../../../server/engine';
import { PROTOCOL_VERSION } from '../../../server/protocol';
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
  it('refuses a client of another protocol version at connection, naming the side that is behind', async () => {
    server = await startServer();
    const refusal = (auth: object) => new Promise<{ message: string; data?: unknown }>((resolve, reject) => {
      const socket = connectClient(server.url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
      socket.once('connect', () => reject(new Error('connected')));
      socket.once('connect_error', (e) => {
        socket.close();
        resolve(e as Error & { data?: unknown });
      });
    });
    // An older page (or one from before versioning, announcing nothing) must reload.
    for (const auth of [{ protocol: PROTOCOL_VERSION - 1 }, {}, { protocol: '2' }]) {
      expect(await refusal(auth)).toMatchObject({ message: 'protocol/client-too-old', data: { reason: 'protocol/client-too-old', server: PROTOCOL_VERSION } });
    }
    // A newer page reached a server not updated yet.
    expect(await refusal({ protocol: PROTOCOL_VERSION + 1 })).toMatchObject({ message: 'protocol/server-too-old', data: { reason: 'protocol/server-too-old', server: PROTOCOL_VERSION } });
    // The same version connects.
    await expect(server.connect()).resolves.toBeDefined();
  });

  it('refuses unknown events and bad payloads, with and without an ack', async () => {
    server = await startServer();
    const c = await server.connect();
    expect(await raw(c).emitWithAck('room:destroy', { roomId: 'x' })).toEqual({ ok: false, reason: 'bad/event' });
    // Solo rooms are gone from the protocol (solo play runs in the browser).
    expect(await raw(c).emitWithAck('solo:create', { scenario: { slug: 'duel' } })).toEqual({ ok: false, reason: 'bad/event' });
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

  it('answers a handler that throws with internal, logs it, and keeps the socket serving', async () => {
    const errors: { msg: string; data?: object }[] = [];
    server = await startServer({ logger: { info: () => {}, error: (msg, data) => errors.push({ msg, ...(data ? { data } : {}) }) } });
    const { host, roomId } = await race(server);
    const registry = server.app.registry;
    const byId = registry.byId.bind(registry);
    registry.byId = () => {
      throw new Error('boom');
    };
    expect(await host.emitWithAck('room:resync', { roomId })).toEqual({ ok: false, reason: 'internal' });
    expect(errors).toEqual([expect.objectContaining({ msg: 'handler failed', data: expect.objectContaining({ event: 'room:resync' }) })]);
    registry.byId = byId;
    expect(await host.emitWithAck('room:resync', { roomId })).toMatchObject({ ok: true, view: { room: { roomId } } });
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
    expect(await p1.emitWithAck('game:action', { roomId, task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'room/not-running' });
    expect(await p3.emitWithAck('room:resume', { code, token: 'B'.repeat(22) })).toMatchObject({ ok: false, reason: 'auth/bad-token' });
    expect(await p3.emitWithAck('room:resync', { roomId })).toMatchObject({ ok: false, reason: 'auth/not-player' });

    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toMatchObject({ ok: false, reason: 'room/started' });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'step' } })).toMatchObject({ ok: false, reason: 'room/wrong-kind' });

    // A spectator cannot act.
    const spec = await p3.emitWithAck('room:watch', { code, follow: a.seatId! });
    expect(spec).toMatchObject({ ok: true });
    expect(await p3.emitWithAck('game:action', { roomId, task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'auth/not-player' });
    expect(await p3.emitWithAck('room:watch', { code, follow: 's42' })).toMatchObject({ ok: false, reason: 'seat/not-found' });

    // Engine refusals come back as action/<reason>. At tick 3, L is inside its migrate_disable() section.
    const f = frameAt(p1, a.seatId!, 3);
    advanceTicks(server, roomId, 3);
    await f;
    const room = server.app.registry.byId(roomId)!;
    const before = hashState(room.runs.get(a.seatId!)!.state);
    expect(await p1.emitWithAck('game:action', { roomId, task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'action/pinned' });
    expect(await p1.emitWithAck('game:action', { roomId, task: 'L', cpu: 0 })).toMatchObject({ ok: false, reason: 'action/same-cpu' });
    expect(await p1.emitWithAck('game:action', { roomId, task: 'Q', cpu: 1 })).toMatchObject({ ok: false, reason: 'action/unknown-task' });
    expect(await p1.emitWithAck('game:action', { roomId, task: 'L', cpu: 7 })).toMatchObject({ ok: false, reason: 'action/unknown-cpu' });
    expect(await p1.emitWithAck('game:action', { roomId, task: 'H', cpu: 9 })).toMatchObject({ ok: false, reason: 'action/unknown-cpu' });
    expect(hashState(room.runs.get(a.seatId!)!.state)).toBe(before);

    // Kick: the seat's socket is told, loses its seat, and its token stops working.
    const kicked = next(p2, 'room:kicked');
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'kick', seatId: b.ok ? b.seatId! : '' } })).toEqual({ ok: true });
    expect(await kicked).toEqual({ roomId });
    expect(await p2.emitWithAck('game:action', { roomId, task: 'L', cpu: 1 })).toMatchObject({ ok: false, reason: 'auth/not-player' });
    expect(await p2.emitWithAck('room:resume', { code, token: b.ok ? b.playerToken! : '' })).toMatchObject({ ok: false, reason: 'auth/bad-token', detail: 'kicked' });

    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'end' } })).toEqual({ ok: true });
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'pause' } })).toMatchObject({ ok: false, reason: 'room/ended' });
    expect(await p1.emitWithAck('game:action', { roomId, task: 'H', cpu: 1 })).toMatchObject({ ok: false, reason: 'room/ended' });
    // Ended early: saved, marked incomplete; the kicked player's run is kept, marked removed.
    expect(server.runs.runs.map((r) => [r.playerNick, r.complete, r.ticks, r.removed])).toEqual([['Ada', false, 3, false], ['Bob', false, 3, true]]);

    // Rounds: only the host, only once the round ended, only on a scenario that exists.
    expect(await p1.emitWithAck('room:round', { roomId, hostToken: 'W'.repeat(22) })).toMatchObject({ ok: false, reason: 'auth/not-host' });
    expect(await host.emitWithAck('room:round', { roomId, hostToken, scenario: { slug: 'no-such-level' } })).toMatchObject({ ok: false, reason: 'scenario/unknown' });
    expect(await host.emitWithAck('room:round', { roomId, hostToken, scenario: { json: { format: 1 } } })).toMatchObject({ ok: false, reason: 'scenario/invalid' });
    expect(await host.emitWithAck('room:round', { roomId, hostToken, seed: -1 })).toMatchObject({ ok: false, reason: 'bad/payload' });
    expect(server.app.registry.byId(roomId)!.status).toBe('ended');
    expect(await host.emitWithAck('room:round', { roomId, hostToken })).toEqual({ ok: true, round: 2 });
    expect(await host.emitWithAck('room:round', { roomId, hostToken })).toMatchObject({ ok: false, reason: 'round/in-progress' });
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

    expect(await d.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } })).toMatchObject({ ok: true });
    expect(await e.emitWithAck('room:create', { kind: 'coop', scenario: { slug: 'duel' } })).toMatchObject({ ok: false, reason: 'room/too-many' });
  });
});
