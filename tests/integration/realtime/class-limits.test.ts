import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../server/realtime/socket';
import { advanceTicks, frameAt, next, startServer, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

/** Drops the connection the way lost Wi-Fi does: the transport goes, no goodbye. */
function dropTransport(socket: Client): void {
  (socket.io.engine as unknown as { close(): void }).close();
}

const wrongToken = () => randomBytes(16).toString('base64url');

// Every client here connects from 127.0.0.1: one address, like a school behind one NAT.
describe('limits that fit a class behind one address', () => {
  it('40 players reconnect at once after the address sent 60 wrong tokens, and a stale token is limited on its own', async () => {
    server = await startServer();
    const host = await server.connect();
    const created = await host.emitWithAck('room:create', { kind: 'coop', scenario: { slug: 'quad' }, maxPlayers: 40 });
    if (!created.ok) throw new Error(created.reason);
    const { roomId, code, hostToken } = created;
    const players: { socket: Client; seatId: string; token: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const socket = await server.connect();
      const r = await socket.emitWithAck('room:join', { code, nick: `P${i}` });
      if (!r.ok) throw new Error(r.reason);
      players.push({ socket, seatId: r.seatId!, token: r.playerToken! });
    }
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    const f = frameAt(host, 'main', 1);
    advanceTicks(server, roomId, 1);
    await f;

    // 60 wrong tokens from the same address (three sockets, within each socket's own message burst).
    const strays = await Promise.all([server.connect(), server.connect(), server.connect()]);
    const wrong = await Promise.all(strays.flatMap((s) => Array.from({ length: 20 }, () => s.emitWithAck('room:resume', { code, token: wrongToken() }))));
    // The whole class drops at once and comes back with their tokens: every one resumes its seat.
    for (const p of players) dropTransport(p.socket);
    const offline = next(host, 'room:state', (r) => r.seats.every((s) => !s.connected));
    await offline;
    const back = await Promise.all(players.map(async (p) => {
      const socket = await server.connect();
      return socket.emitWithAck('room:resume', { code, token: p.token });
    }));
    expect(back.map((r) => (r.ok ? `${r.role}:${r.seatId}` : r.reason))).toEqual(players.map((p) => `player:${p.seatId}`));
    const room = server.app.registry.byId(roomId)!;
    expect(room.info().seats.every((s) => s.connected)).toBe(true);
    // The wrong tokens were refused as wrong, not as an address over its budget.
    expect(wrong.every((r) => !r.ok && r.reason === 'auth/bad-token')).toBe(true);

    // One stale token tried again and again is refused unchecked after DEFAULT_LIMITS.wrongTokenAttempts tries.
    const stale = wrongToken();
    const tries = [];
    for (let i = 0; i <= DEFAULT_LIMITS.wrongTokenAttempts; i++) tries.push(await strays[0].emitWithAck('room:resume', { code, token: stale }));
    expect(tries.slice(0, -1).every((r) => !r.ok && r.reason === 'auth/bad-token')).toBe(true);
    expect(tries[tries.length - 1]).toMatchObject({ ok: false, reason: 'join/limited' });
    // And the host's own resume is never refused either.
    const host2 = await server.connect();
    expect(await host2.emitWithAck('room:resume', { code, token: hostToken })).toMatchObject({ ok: true, role: 'host' });
  });

  it('guessing codes through resume still spends the address budget, but a valid token resumes even when it is spent', async () => {
    server = await startServer({ limits: { joinAttempts: 12 } });
    const host = await server.connect();
    const created = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } });
    if (!created.ok) throw new Error(created.reason);
    const ada = await server.connect();
    const joined = await ada.emitWithAck('room:join', { code: created.code, nick: 'Ada' });
    if (!joined.ok) throw new Error(joined.reason);
    // Two attempts spent; each unknown code costs 5: two guesses fill the budget, the third is refused.
    const guesser = await server.connect();
    expect(await guesser.emitWithAck('room:resume', { code: 'CCCCCC', token: wrongToken() })).toMatchObject({ ok: false, reason: 'room/not-found' });
    expect(await guesser.emitWithAck('room:resume', { code: 'DDDDDD', token: wrongToken() })).toMatchObject({ ok: false, reason: 'room/not-found' });
    expect(await guesser.emitWithAck('room:resume', { code: 'EEEEEE', token: wrongToken() })).toMatchObject({ ok: false, reason: 'join/limited' });
    expect(await guesser.emitWithAck('room:join', { code: created.code, nick: 'Bob' })).toMatchObject({ ok: false, reason: 'join/limited' });
    // Ada's tab reloads: her token gets her seat back, and the host's gets the host back.
    const again = await server.connect();
    expect(await again.emitWithAck('room:resume', { code: created.code, token: joined.playerToken! })).toMatchObject({ ok: true, role: 'player', seatId: joined.seatId });
    expect(await again.emitWithAck('room:resume', { code: created.code, token: created.hostToken })).toMatchObject({ ok: true, role: 'host' });
  });

  it('caps the open sockets of one address; a closed one frees its place', async () => {
    server = await startServer({ limits: { socketsPerAddress: 3 } });
    const host = await server.connect();
    const created = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } });
    if (!created.ok) throw new Error(created.reason);
    const a = await server.connect();
    expect(await a.emitWithAck('room:join', { code: created.code, nick: 'Ada' })).toMatchObject({ ok: true });
    await server.connect();
    await expect(server.connect()).rejects.toThrow('too-many-sockets');
    // Ada closes her tab: once the server has seen it (her seat shows offline), a new socket fits.
    const gone = next(host, 'room:state', (r) => r.seats.some((s) => s.nick === 'Ada' && !s.connected));
    a.disconnect();
    await gone;
    await expect(server.connect()).resolves.toBeDefined();
  });

  it("shares one message budget among an address's sockets: more sockets buy no more messages", async () => {
    server = await startServer({ limits: { addressMessagesPerSecond: 1, addressMessageBurst: 10 } });
    const sockets = await Promise.all([server.connect(), server.connect()]);
    // Time stands still (manual clock): no refill. 12 messages, each socket well within its own burst of 40.
    const answers = await Promise.all(sockets.flatMap((s) => Array.from({ length: 6 }, () => s.emitWithAck('room:leave', { roomId: 'nowhere' }))));
    expect(answers.filter((r) => !r.ok && r.reason === 'room/not-found')).toHaveLength(10);
    expect(answers.filter((r) => !r.ok && r.reason === 'rate/limited')).toHaveLength(2);
  });
});
