import { afterEach, describe, expect, it } from 'vitest';
import { pictureOf, type WireFrame } from '../../../server/protocol';
import { DEFAULT_ROOM_CONFIG } from '../../../server/rooms';
import { wholeFrames } from '../../helpers/frames';
import { advanceTicks, startServer, sync, type TestServer } from './harness';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

/**
 * The shipped frame rule over real sockets (protocol/frames.ts): a run sends a frame when a tick
 * has news, else a heartbeat every quietFrameEvery ticks; each frame carries only what the client
 * could not predict, and the client's assembled picture is the server's at every frame.
 */
describe('quiet frames over a real socket', () => {
  it('skip quiet ticks, carry only what changed, and add up to the server\'s run; a move shows at the next tick', async () => {
    const quiet = DEFAULT_ROOM_CONFIG.quietFrameEvery;
    expect(quiet).toBeGreaterThan(1);
    server = await startServer({ rooms: { quietFrameEvery: quiet } });
    const host = await server.connect();
    const made = await host.emitWithAck('room:create', { kind: 'race', scenario: { slug: 'pile-up' } });
    if (!made.ok) throw new Error(made.reason);
    const player = await server.connect();
    const joined = await player.emitWithAck('room:join', { code: made.code, nick: 'Ada' });
    if (!joined.ok || !joined.seatId) throw new Error('join refused');
    const seatId = joined.seatId;
    const wire: WireFrame[] = [];
    player.on('frame', (f) => wire.push(f));
    const whole = wholeFrames(player);
    const room = server.app.registry.byId(made.roomId)!;
    // After each whole frame, the server's own picture of the run at that moment.
    const serverSaw = new Map<number, unknown>();
    whole.on((f) => serverSaw.set(f.version, pictureOf(f)));
    const pictures = new Map<number, unknown>();
    expect(await host.emitWithAck('room:control', { roomId: made.roomId, hostToken: made.hostToken, command: { op: 'start' } })).toEqual({ ok: true });
    const run = () => room.runs.get(seatId)!;
    let lastVersion = 0;
    const tick = async () => {
      advanceTicks(server, made.roomId, 1);
      if (run().version !== lastVersion) {
        lastVersion = run().version;
        pictures.set(lastVersion, run().picture());
      }
      await sync(player, made.roomId);
    };

    // A move is news: the frame of the tick it applies at is sent at once, whatever the heartbeat.
    // Any task on a CPU that is not pinned, to another CPU, on the first tick that offers one.
    let accepted: { tick: number } | null = null;
    for (let t = 0; t < 30 && !accepted; t++) {
      await tick();
      const now = whole.frames[whole.frames.length - 1];
      const pinned = new Set(now.pinned.map((p) => p.task));
      for (const c of now.cpus) {
        for (const task of [c.running, ...c.queue].filter((x): x is string => x !== null && !pinned.has(x))) {
          for (const to of now.cpus) {
            if (accepted || to.cpu === c.cpu) continue;
            const r = await player.emitWithAck('game:action', { roomId: made.roomId, task, cpu: to.cpu });
            if (r.ok) accepted = r;
          }
        }
      }
    }
    if (!accepted) throw new Error('no move accepted');
    const moveTick = accepted.tick;
    const seen = whole.next((f) => f.tick > moveTick);
    const before = wire.length;
    await tick();
    const shown = await seen;
    expect(shown.tick).toBe(moveTick + 1);
    expect(wire.length).toBe(before + 1);
    expect(shown.events.some((e) => e.type === 'migrate')).toBe(true);

    while (room.tick < 60) await tick();
    // Fewer frames than ticks, no silence longer than the heartbeat, versions one by one.
    expect(wire.length).toBeLessThan(50);
    wire.forEach((f, i) => {
      expect(f.version).toBe(i + 1);
      if (i > 0) expect(f.tick - wire[i - 1].tick).toBeLessThanOrEqual(quiet);
    });
    // The first frame is whole; later ones carry a part only when it changed (some carry none).
    expect(wire[0].whole).toBe(true);
    expect(wire.slice(1).some((f) => f.cpus === undefined && f.progress === undefined && f.stats === undefined)).toBe(true);
    // Every frame, made whole by the client, is the server's picture when it was sent.
    expect(whole.unread).toBe(0);
    expect(whole.frames).toHaveLength(wire.length);
    expect(pictures.size).toBe(wire.length);
    for (const [version, picture] of pictures) expect(serverSaw.get(version)).toEqual(picture);

    // A pause sends the quiet ticks' state: a paused board does not run on, so it holds the state itself.
    while (run().ticksSinceFrame === 0) await tick();
    expect(await host.emitWithAck('room:control', { roomId: made.roomId, hostToken: made.hostToken, command: { op: 'pause' } })).toEqual({ ok: true });
    await sync(player, made.roomId);
    expect(pictureOf(whole.frames[whole.frames.length - 1])).toEqual(run().picture());
  });
});
