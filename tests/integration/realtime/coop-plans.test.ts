import { afterEach, describe, expect, it } from 'vitest';
import { advanceTicks, frameAt, startServer, type Client, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

/**
 * A co-op room on DUEL (H sleeps until tick 5, announced from the start), Ada on
 * CPU 0 and Bob on CPU 1, one tick played. Bob plans H's wakeup onto his CPU 1.
 */
async function bobPlansH() {
  const host = await server.connect();
  const created = await host.emitWithAck('room:create', { kind: 'coop', scenario: { slug: 'duel' } });
  if (!created.ok) throw new Error(created.reason);
  const { roomId, code, hostToken } = created;
  const join = async (nick: string): Promise<[Client, string]> => {
    const socket = await server.connect();
    const r = await socket.emitWithAck('room:join', { code, nick });
    if (!r.ok) throw new Error(r.reason);
    return [socket, r.seatId!];
  };
  const [ada, adaSeat] = await join('Ada');
  const [bob, bobSeat] = await join('Bob');
  expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'start' } })).toEqual({ ok: true });
  let f = frameAt(ada, 'main', 1);
  advanceTicks(server, roomId, 1);
  await f;
  expect(await bob.emitWithAck('game:action', { roomId, task: 'H', cpu: 1 })).toEqual({ ok: true, tick: 5, type: 'place' });
  f = frameAt(ada, 'main', 2);
  advanceTicks(server, roomId, 1);
  expect((await f).plans).toEqual([{ task: 'H', cpu: 1 }]);
  return { host, roomId, hostToken, ada, adaSeat, bob, bobSeat };
}

/** Plays past H's wakeup; returns where H woke (the place events of tick 5, and the CPU running H after it). */
async function wakeOfH(ada: Client, roomId: string) {
  const frames = frameAt(ada, 'main', 6);
  advanceTicks(server, roomId, 4);
  const f = await frames;
  return { plans: f.plans, places: f.events.filter((e) => e.type === 'place'), runningOn: f.cpus.findIndex((c) => c.running === 'H') };
}

describe('co-op plans over a real socket', () => {
  it("a kicked player's plan is dropped with the seat: H wakes on CPU 0 as if nobody planned", async () => {
    server = await startServer();
    const { host, roomId, hostToken, ada, bobSeat } = await bobPlansH();
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'kick', seatId: bobSeat } })).toEqual({ ok: true });
    const after = await wakeOfH(ada, roomId);
    expect(after.plans).toEqual([]);
    expect(after.places).toEqual([]);
    expect(after.runningOn).toBe(0);
  });

  it("a plan is dropped when its CPU goes to another player: H wakes where it would have unplanned", async () => {
    server = await startServer();
    const { host, roomId, hostToken, ada, adaSeat } = await bobPlansH();
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'assign', cpu: 1, seatId: adaSeat } })).toEqual({ ok: true });
    const f = frameAt(ada, 'main', 3);
    advanceTicks(server, roomId, 1);
    expect((await f).plans).toEqual([]);
    const after = await wakeOfH(ada, roomId);
    expect(after.places).toEqual([]);
    expect(after.runningOn).toBe(0);
  });

  it('the new owner of the CPU may plan for it once it is theirs', async () => {
    server = await startServer();
    const { host, roomId, hostToken, ada, adaSeat } = await bobPlansH();
    expect(await host.emitWithAck('room:control', { roomId, hostToken, command: { op: 'assign', cpu: 1, seatId: adaSeat } })).toEqual({ ok: true });
    expect(await ada.emitWithAck('game:action', { roomId, task: 'H', cpu: 1 })).toEqual({ ok: true, tick: 5, type: 'place' });
    const f = frameAt(ada, 'main', 3);
    advanceTicks(server, roomId, 1);
    expect((await f).plans).toEqual([{ task: 'H', cpu: 1 }]);
    const after = await wakeOfH(ada, roomId);
    expect(after.places).toEqual([expect.objectContaining({ task: 'H', to: 1, player: 'Ada' })]);
    expect(after.runningOn).toBe(1);
  });
});
