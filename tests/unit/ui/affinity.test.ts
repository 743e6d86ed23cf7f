import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { decideFallback, decideMove, initialAffinity, RoomAffinity, type AffinityState } from '../../../app/lib/affinity';
import { DEFAULT_SOCKET_PATH, nodePath } from '../../../server/protocol';

const inABC = (code: string) => code === 'ABC234';
const hint = (node: string, over: object = {}) => ({ roomId: 'r1', code: 'ABC234', node, ...over });

/** Runs a hint through decideMove and keeps the state it leads to. */
function step(state: AffinityState, h: unknown): { moved: boolean; state: AffinityState; why?: string } {
  const d = decideMove(state, h, inABC);
  return d.move ? { moved: true, state: d.state } : { moved: false, state, why: d.why };
}

describe('room affinity: the client decision', () => {
  it('moves to the owner\'s path for a room it is in', () => {
    const d = decideMove(initialAffinity, hint('node1-4001'), inABC);
    expect(d).toMatchObject({ move: true, path: '/node/node1-4001/socket.io' });
    expect(d.move && d.state.path).toBe(nodePath('node1-4001'));
  });

  it('never moves for a room it is not in, a malformed hint, or a node id unsafe in a URL', () => {
    expect(decideMove(initialAffinity, hint('node1', { code: 'XYZ789' }), inABC)).toEqual({ move: false, why: 'not-in-room' });
    expect(decideMove(initialAffinity, { roomId: 'r1', code: 'ABC234' }, inABC)).toEqual({ move: false, why: 'bad-hint' });
    expect(decideMove(initialAffinity, hint('../../admin'), inABC)).toEqual({ move: false, why: 'bad-hint' });
    expect(decideMove(initialAffinity, hint('a b'), inABC)).toEqual({ move: false, why: 'bad-hint' });
    expect(decideMove(initialAffinity, { ...hint('n1'), extra: 1 }, inABC)).toEqual({ move: false, why: 'bad-hint' });
  });

  it('stays when it is already on the owner\'s path', () => {
    const there: AffinityState = { path: nodePath('n1'), moves: [] };
    expect(decideMove(there, hint('n1'), inABC)).toEqual({ move: false, why: 'already-there' });
  });

  it('falls back to the default path when the owner\'s path fails, and is not moved there again (no loop)', () => {
    let s = step(initialAffinity, hint('n1'));
    expect(s.moved).toBe(true);
    // The owner died: the connection on its path fails.
    const f = decideFallback(s.state);
    expect(f).toMatchObject({ fallback: true, state: { path: DEFAULT_SOCKET_PATH } });
    // On the default path a process that still believes n1 owns the room says so again: ignored.
    s = step(f.state, hint('n1'));
    expect(s).toMatchObject({ moved: false, why: 'moved-before' });
    expect(s.state.path).toBe(DEFAULT_SOCKET_PATH);
    // Failing on the default path changes nothing (Socket.IO retries there).
    expect(decideFallback(s.state)).toEqual({ fallback: false, state: s.state });
  });

  it('moves once more when the room changed owner (a takeover), once per owner', () => {
    let s = step(initialAffinity, hint('n1'));
    s = step(decideFallback(s.state).state, hint('n2'));
    expect(s.moved).toBe(true);
    expect(s.state.path).toBe(nodePath('n2'));
    const f = decideFallback(s.state).state;
    expect(step(f, hint('n2'))).toMatchObject({ moved: false, why: 'moved-before' });
    expect(step(f, hint('n1'))).toMatchObject({ moved: false, why: 'moved-before' });
  });

  it('remembers a bounded number of moves', () => {
    let s: AffinityState = initialAffinity;
    for (let i = 0; i < 100; i++) s = step(s, hint(`n${i}`)).state;
    expect(s.moves.length).toBeLessThanOrEqual(32);
    expect(s.moves.at(-1)).toBe('r1@n99');
  });
});

/** A Socket.IO client socket as RoomAffinity sees it: its manager's path, connect errors, reconnections. */
class FakeSocket extends EventEmitter {
  io = { opts: { path: '/socket.io' as string | undefined } };
  /** The path of each new connection. */
  connections: (string | undefined)[] = [];
  disconnect() {
    return { connect: () => this.connections.push(this.io.opts.path) };
  }
}

describe('room affinity: a socket kept on its room\'s process', () => {
  it('reconnects on the owner\'s path, goes back to the default path when that fails, and is not moved back', () => {
    const socket = new FakeSocket();
    const a = new RoomAffinity(socket);
    expect(a.follow(hint('n1', { code: 'XYZ789' }), inABC)).toBe(false);
    expect(socket.connections).toEqual([]);
    expect(a.follow(hint('n1'), inABC)).toBe(true);
    expect(socket.connections).toEqual(['/node/n1/socket.io']);
    // The owner died: the manager's next attempt must use the default path.
    socket.emit('connect_error', new Error('xhr poll error'));
    expect(socket.io.opts.path).toBe(DEFAULT_SOCKET_PATH);
    expect(a.follow(hint('n1'), inABC)).toBe(false);
    expect([a.moves, a.fallbacks, socket.connections.length]).toEqual([1, 1, 1]);
    // A connect error on the default path leaves it there.
    socket.emit('connect_error', new Error('xhr poll error'));
    expect([socket.io.opts.path, a.fallbacks]).toEqual([DEFAULT_SOCKET_PATH, 1]);
  });
});
