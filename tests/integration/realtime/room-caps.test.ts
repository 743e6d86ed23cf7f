import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROOM_CAPS } from '../../../server/rooms';
import { startServer, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const duel = { kind: 'race', scenario: { slug: 'duel' } } as const;

async function create(socket: Client, extra: { hostToken?: string } = {}) {
  return socket.emitWithAck('room:create', { ...duel, ...extra });
}

async function created(socket: Client, extra: { hostToken?: string } = {}) {
  const r = await create(socket, extra);
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail ?? ''}`);
  return r;
}

describe('room caps per host, per address and server-wide', () => {
  it('one host holds at most roomsPerHost live rooms; ending one frees its place', async () => {
    server = await startServer({ roomCaps: { roomsPerHost: 2, roomsPerAddress: 10 } });
    const teacher = await server.connect();
    const a = await created(teacher);
    // A connection is one host: its second room shares the first one's token.
    const b = await created(teacher);
    expect(b.hostToken).toBe(a.hostToken);
    expect(await create(teacher)).toMatchObject({ ok: false, reason: 'room/host-limit' });

    // The same host from a new tab (its token in hand) is still the same host.
    const reloaded = await server.connect();
    expect(await create(reloaded, { hostToken: a.hostToken })).toMatchObject({ ok: false, reason: 'room/host-limit' });
    // A token the server never gave is ignored: that is a new host, with a fresh token.
    const forged = randomBytes(16).toString('base64url');
    const other = await created(reloaded, { hostToken: forged });
    expect(other.hostToken).not.toBe(forged);
    expect(other.hostToken).not.toBe(a.hostToken);

    // Ending a round frees the host's place (an ended room is no longer live).
    expect(await teacher.emitWithAck('room:control', { roomId: a.roomId, hostToken: a.hostToken, command: { op: 'end' } })).toEqual({ ok: true });
    const c = await created(teacher);
    expect(c.hostToken).toBe(a.hostToken);
    // The shared token is the host of each of its rooms, and of nothing else.
    const dashboard = await server.connect();
    for (const code of [b.code, c.code]) expect(await dashboard.emitWithAck('room:resume', { code, token: a.hostToken })).toMatchObject({ ok: true, role: 'host' });
    expect(await dashboard.emitWithAck('room:resume', { code: other.code, token: a.hostToken })).toMatchObject({ ok: false, reason: 'auth/bad-token' });
  });

  it('one network address holds at most roomsPerAddress live rooms; another address is not affected', async () => {
    server = await startServer({ roomCaps: { roomsPerHost: 10, roomsPerAddress: 3 } });
    // Three hosts behind one school address (three sockets, so three host identities).
    const hosts = [await server.connect(), await server.connect(), await server.connect(), await server.connect()];
    const rooms = [await created(hosts[0]), await created(hosts[1]), await created(hosts[2])];
    expect(await create(hosts[3])).toMatchObject({ ok: false, reason: 'room/address-limit' });
    // A teacher elsewhere (another address) creates rooms as usual.
    const elsewhere = await server.connect({ localAddress: '127.0.0.2' });
    expect(await create(elsewhere)).toMatchObject({ ok: true });
    // A round over frees a place for the school.
    expect(await hosts[1].emitWithAck('room:control', { roomId: rooms[1].roomId, hostToken: rooms[1].hostToken, command: { op: 'end' } })).toEqual({ ok: true });
    expect(await create(hosts[3])).toMatchObject({ ok: true });
  });

  it('at the server-wide cap an ended room gives way; with none ended the answer is room/too-many', async () => {
    server = await startServer({ roomCaps: { maxRooms: 2 } });
    const h1 = await server.connect();
    const h2 = await server.connect({ localAddress: '127.0.0.2' });
    const first = await created(h1);
    await created(h2);
    expect(await create(h1)).toMatchObject({ ok: false, reason: 'room/too-many' });
    expect(await h1.emitWithAck('room:control', { roomId: first.roomId, hostToken: first.hostToken, command: { op: 'end' } })).toEqual({ ok: true });
    await created(h2);
    expect(server.app.registry.size).toBe(2);
    expect(server.app.registry.byCode(first.code)).toBeUndefined();
  });

  it('defaults fit a school: a few teachers, each with a room or two ahead, under one address', () => {
    expect(DEFAULT_ROOM_CAPS.roomsPerHost).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_ROOM_CAPS.roomsPerAddress).toBeGreaterThanOrEqual(4 * DEFAULT_ROOM_CAPS.roomsPerHost);
    // No single address can fill the server: it takes this many addresses.
    expect(DEFAULT_ROOM_CAPS.maxRooms / DEFAULT_ROOM_CAPS.roomsPerAddress).toBeGreaterThanOrEqual(20);
  });
});

describe('idle rooms are swept by use, not by open sockets', () => {
  // One minute of idleness here (the default is 30), checked every 10 s of the manual clock.
  const caps = { idleRoomTtlMs: 60_000, sweepEveryMs: 10_000 };

  it('a lobby whose host keeps the dashboard open but does nothing is dropped; one in use stays', async () => {
    server = await startServer({ roomCaps: caps });
    const host = await server.connect();
    const idle = await created(host);
    const used = await created(host);
    const watcher = await server.connect();
    expect(await watcher.emitWithAck('room:watch', { code: idle.code })).toMatchObject({ ok: true });

    server.clock.advance(40_000);
    // A host command is use.
    expect(await host.emitWithAck('room:control', { roomId: used.roomId, hostToken: used.hostToken, command: { op: 'lock', locked: false } })).toEqual({ ok: true });
    server.clock.advance(30_000);
    // Every socket is still open, yet the idle lobby is gone and the used one is not.
    expect(host.connected && watcher.connected).toBe(true);
    expect(await host.emitWithAck('room:resync', { roomId: idle.roomId })).toMatchObject({ ok: false, reason: 'room/not-found' });
    expect(await host.emitWithAck('room:resync', { roomId: used.roomId })).toMatchObject({ ok: true, view: { room: { status: 'lobby' } } });
    // Nothing more happens: it goes too.
    server.clock.advance(40_000);
    expect(await host.emitWithAck('room:resync', { roomId: used.roomId })).toMatchObject({ ok: false, reason: 'room/not-found' });
  });

  it('a round in play lives while a player is connected; once nobody is, it is ended (runs saved) after the idle time', async () => {
    server = await startServer({ roomCaps: caps });
    // A long round: 3000 ticks at 10 a second is 5 minutes of play.
    const long = {
      format: 1, slug: 'long', title: 'Long', cpus: 2, duration: 3000, balancer: 'sticky', seed: 5,
      tasks: [{ id: 'T', priority: 10, cpu: 0, release: { periodic: { period: 50 } }, deadline: 50, body: [{ run: 10 }] }],
    };
    const host = await server.connect();
    const made = await host.emitWithAck('room:create', { kind: 'race', scenario: { json: long } });
    if (!made.ok) throw new Error(made.reason);
    const ada = await server.connect();
    const seat = await ada.emitWithAck('room:join', { code: made.code, nick: 'Ada' });
    if (!seat.ok) throw new Error(seat.reason);
    expect(await host.emitWithAck('room:control', { roomId: made.roomId, hostToken: made.hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    const room = server.app.registry.byId(made.roomId)!;

    // Two minutes without a move: Ada is connected, so the round is in use.
    server.clock.advance(120_000);
    expect(room.status).toBe('running');
    const offline = new Promise<void>((resolve) => host.on('room:state', (r) => r.seats.every((s) => !s.connected) && resolve()));
    ada.disconnect();
    await offline;
    server.clock.advance(50_000);
    expect(room.status).toBe('running');
    server.clock.advance(20_000);
    expect(room.status).toBe('ended');
    expect(room.tick).toBeLessThan(3000);
    // Ended as a host's "end" would: Ada's run is saved, incomplete, and replayable from its log.
    expect(server.runs.runs.map((r) => [r.playerNick, r.complete, r.ticks])).toEqual([['Ada', false, room.tick]]);
  });
});
