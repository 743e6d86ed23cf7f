import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { hashState } from '../../../server/engine';
import { C2S } from '../../../server/protocol';
import type { Logger } from '../../../server/rooms';
import { advanceTicks, frameAt, next, startServer, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const raw = (socket: Client) => socket as unknown as {
  emit(e: string, ...a: unknown[]): void;
  emitWithAck(e: string, ...a: unknown[]): Promise<unknown>;
};

/** Everything observable about the rooms, to compare before and after the fuzzing. */
function snapshot(s: TestServer): string {
  const rooms = [...s.app.registry.rooms()].map((r) => ({
    info: r.info(),
    runs: [...r.runs.entries()].map(([id, run]) => [id, hashState(run.state), run.log.length, run.version]),
  }));
  return JSON.stringify({ size: s.app.registry.size, rooms, saved: s.runs.runs.length });
}

describe('fuzz', () => {
  it('survives thousands of random and malformed messages without a state change, then serves a normal round', async () => {
    const errors: unknown[] = [];
    const logger: Logger = { info: () => {}, error: (msg, data) => errors.push({ msg, data }) };
    // Limits high enough that the messages reach validation rather than the rate limiter.
    server = await startServer({ logger, limits: { messagesPerSecond: 1e6, messageBurst: 1e6, joinAttempts: 1e6, addressMessagesPerSecond: 1e6, addressMessageBurst: 1e6 } });

    const host = await server.connect();
    const race = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'duel' } });
    const coop = await host.emitWithAck('room:create', { kind: 'coop', scenario: { slug: 'quad' } });
    if (!race.ok || !coop.ok) throw new Error('create failed');
    const player = await server.connect();
    const seat = await player.emitWithAck('room:join', { code: coop.code, nick: 'Keeper' });
    if (!seat.ok) throw new Error(seat.reason);
    await host.emitWithAck('room:control', { roomId: coop.roomId, hostToken: coop.hostToken, command: { op: 'start' } });
    await host.emitWithAck('room:control', { roomId: coop.roomId, hostToken: coop.hostToken, command: { op: 'pause' } });
    const before = snapshot(server);

    // Known room ids and codes in otherwise wrong messages: the closest a stranger gets.
    const roomIds = fc.constantFrom(race.roomId, coop.roomId, 'r-unknown');
    const codes = fc.constantFrom(race.code, coop.code, 'ZZZZZZ', race.code.toLowerCase());
    const tokens = fc.oneof(fc.string(), fc.base64String({ minLength: 16, maxLength: 64 }).map((s) => s.replace(/[+/=]/g, '_')));
    const junk = fc.oneof(fc.anything({ maxDepth: 3, withBigInt: false }), fc.string({ maxLength: 200 }), fc.constant(null), fc.constant(undefined), fc.integer());
    const plausible = fc.oneof(
      fc.record({ code: codes, token: tokens }),
      fc.record({ roomId: roomIds, hostToken: tokens, command: fc.oneof(junk, fc.record({ op: fc.constantFrom('start', 'end', 'kick', 'lock', 'speed', 'assign', 'nuke'), seatId: fc.string(), locked: junk, speed: fc.double(), cpu: fc.integer() }, { requiredKeys: ['op'] })) }),
      fc.record({ roomId: roomIds, type: fc.constantFrom('migrate', 'place', 'delete'), task: fc.oneof(fc.constantFrom('A', 'B', 'L'), fc.string()), cpu: fc.oneof(fc.integer(), fc.double(), junk) }, { requiredKeys: [] }),
      // Real codes only with forged tokens above: a join with a real code and a good nick is legitimate, not fuzz.
      fc.record({ code: fc.oneof(fc.constantFrom('ZZZZZZ', 'AB'), fc.string()), nick: fc.oneof(fc.string(), fc.constantFrom('<script>', '   ', 'Keeper', 'KEEPER')), extra: junk }, { requiredKeys: ['code'] }),
      fc.record({ roomId: fc.oneof(roomIds, junk) }),
      fc.record({ kind: fc.constantFrom('race', 'coop', 'solo', 'mmo'), scenario: fc.oneof(junk, fc.record({ slug: fc.string() }), fc.record({ json: junk })) }),
    );
    const events = fc.oneof(fc.constantFrom(...Object.values(C2S)), fc.constantFrom('hack', 'room:destroy', '__proto__', 'constructor', 'toString', ''), fc.string({ maxLength: 30 }));
    const random = fc.record({ event: events, args: fc.array(fc.oneof(plausible, junk), { maxLength: 3 }), ack: fc.boolean() });
    // Right event, nearly right payload: forged tokens, other rooms, seats that do not exist.
    const targeted = fc.record({
      event: fc.constantFrom('room:resume', 'room:control', 'game:action', 'room:resync', 'room:leave', 'room:join'),
      args: fc.tuple(plausible),
      ack: fc.constant(true),
    });
    const message = fc.oneof(random, targeted);
    const messages = fc.sample(message, { numRuns: 3000, seed: 20261124 });

    const fuzzers = [await server.connect(), await server.connect(), await server.connect()];
    const refused: string[] = [];
    for (const f of fuzzers) f.on('refused', (r) => refused.push(r.reason));
    const acks: Promise<unknown>[] = [];
    messages.forEach((m, i) => {
      const f = raw(fuzzers[i % fuzzers.length]);
      // The client library reserves these names and throws; they never reach the wire.
      if (['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(m.event)) return;
      if (m.ack) acks.push(f.emitWithAck(m.event, ...m.args));
      else f.emit(m.event, ...m.args);
    });
    const replies = (await Promise.all(acks)) as { ok: boolean; reason?: string }[];
    // A round trip on each fuzzer: everything it sent before has been handled.
    for (const f of fuzzers) await raw(f).emitWithAck('room:resync', { roomId: 'r-unknown' });

    expect(replies.length).toBeGreaterThan(1000);
    expect(replies.every((r) => r.ok === false && typeof r.reason === 'string')).toBe(true);
    const reasons = new Set(replies.map((r) => r.reason));
    for (const r of ['bad/event', 'bad/payload', 'auth/bad-token', 'room/not-found']) expect(reasons).toContain(r);
    expect(refused.length).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    expect(snapshot(server)).toBe(before);

    // An oversized message closes that socket only.
    const big = fuzzers[0];
    const closed = new Promise<void>((resolve) => big.once('disconnect', () => resolve()));
    raw(big).emit('room:join', { code: race.code, nick: 'x'.repeat(300_000) });
    await closed;
    expect(snapshot(server)).toBe(before);

    // And a normal round still works: a player joins the race, plays, the run is saved.
    const p = await server.connect();
    const joined = await p.emitWithAck('room:join', { code: race.code, nick: 'Normal' });
    if (!joined.ok) throw new Error(joined.reason);
    expect(await host.emitWithAck('room:control', { roomId: race.roomId, hostToken: race.hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    const f1 = frameAt(p, joined.seatId!, 1);
    advanceTicks(server, race.roomId, 1);
    await f1;
    expect(await p.emitWithAck('game:action', { roomId: race.roomId, task: 'L', cpu: 1 })).toEqual({ ok: true, tick: 1, type: 'migrate' });
    const end = next(p, 'run:ended');
    advanceTicks(server, race.roomId, 60);
    expect(await end).toMatchObject({ complete: true, ticks: 60 });
    await p.emitWithAck('room:resync', { roomId: race.roomId });
    expect(server.runs.runs.filter((r) => r.playerNick === 'Normal')).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
