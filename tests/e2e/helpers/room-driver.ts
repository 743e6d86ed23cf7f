/**
 * Drives a classroom room from the test process with real Socket.IO clients (no
 * browser): used where a browser test needs a finished round as its starting
 * point (leaderboards), not as the thing under test.
 */
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION, type ClientToServerEvents, type RoomInfo, type RunEnd, type ServerToClientEvents,
} from '../../../server/protocol';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(baseURL: string): Promise<Client> {
  const socket: Client = io(baseURL, { auth: { protocol: PROTOCOL_VERSION }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => reject(e));
  });
}

function ok<T extends { ok: boolean }>(r: T, what: string): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`${what} refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

export interface FinishedRound {
  code: string;
  /** Final score of each player's run, by nickname (from run:ended). */
  scores: Record<string, number>;
}

/**
 * Creates a race on `slug`, seats `nicks`, starts it at top speed and resolves
 * when the room has ended and every player's run:ended has arrived.
 */
export async function playRaceRound(baseURL: string, slug: string, nicks: string[]): Promise<FinishedRound> {
  const host = await connect(baseURL);
  const players: Client[] = [];
  try {
    const created = ok(await host.emitWithAck('room:create', { kind: 'race', scenario: { slug } }), 'room:create');
    const seatNick = new Map<string, string>();
    for (const nick of nicks) {
      const p = await connect(baseURL);
      players.push(p);
      const joined = ok(await p.emitWithAck('room:join', { code: created.code, nick }), 'room:join');
      seatNick.set(joined.seatId ?? '', nick);
    }
    const scores: Record<string, number> = {};
    // A race run's end goes to its own player (and whoever follows it), not to the host.
    const allEnded = Promise.all(players.map((p) => new Promise<void>((resolve) => {
      p.on('run:ended', (e: RunEnd) => {
        const nick = e.seatId ? seatNick.get(e.seatId) : undefined;
        if (nick) scores[nick] = e.score;
        resolve();
      });
    })));
    const roomEnded = new Promise<void>((resolve) => {
      host.on('room:state', (r: RoomInfo) => r.status === 'ended' && resolve());
    });
    const control = async (command: Parameters<ClientToServerEvents['room:control']>[0]['command']) =>
      ok(await host.emitWithAck('room:control', { roomId: created.roomId, hostToken: created.hostToken, command }), `control ${command.op}`);
    await control({ op: 'speed', speed: 8 });
    await control({ op: 'start' });
    await Promise.all([allEnded, roomEnded]);
    return { code: created.code, scores };
  } finally {
    for (const p of players) p.close();
    host.close();
  }
}

/** A scripted participant over a real socket: the test's own hands in a room. */
export interface Scripted {
  socket: Client;
  nick: string;
  seatId: string;
  playerToken: string;
  roomId: string;
  /** A move (the server decides migrate or wakeup placement); resolves with its ack. */
  act(task: string, cpu: number): Promise<{ ok: boolean; reason?: string; tick?: number; type?: string }>;
  /** Resolves once the room reports `status` to this seat. */
  until(status: RoomInfo['status']): Promise<RoomInfo>;
  close(): void;
}

function untilStatus(socket: Client, status: RoomInfo['status']): Promise<RoomInfo> {
  return new Promise((resolve) => {
    const onState = (r: RoomInfo) => {
      if (r.status !== status) return;
      socket.off('room:state', onState);
      resolve(r);
    };
    socket.on('room:state', onState);
  });
}

/** Joins `code` as `nick` with a socket of its own. */
export async function joinScripted(baseURL: string, code: string, nick: string): Promise<Scripted> {
  const socket = await connect(baseURL);
  const joined = ok(await socket.emitWithAck('room:join', { code, nick }), `join ${nick}`);
  if (!joined.seatId || !joined.playerToken) throw new Error(`${nick} was not seated (${joined.role})`);
  return {
    socket, nick, seatId: joined.seatId, playerToken: joined.playerToken, roomId: joined.roomId,
    act: (task, cpu) => socket.emitWithAck('game:action', { roomId: joined.roomId, task, cpu }),
    until: (status) => untilStatus(socket, status),
    close: () => socket.close(),
  };
}

/** A scripted host: creates a room and controls it; `hostToken` can be handed to a browser (localStorage). */
export interface ScriptedHost {
  socket: Client;
  code: string;
  roomId: string;
  hostToken: string;
  control(command: Parameters<ClientToServerEvents['room:control']>[0]['command']): Promise<void>;
  /** Resolves once the room reports `status`. */
  until(status: RoomInfo['status']): Promise<RoomInfo>;
  close(): void;
}

export async function createScripted(baseURL: string, kind: 'race' | 'coop', slug: string): Promise<ScriptedHost> {
  const socket = await connect(baseURL);
  const created = ok(await socket.emitWithAck('room:create', { kind, scenario: { slug } }), 'room:create');
  return {
    socket, code: created.code, roomId: created.roomId, hostToken: created.hostToken,
    async control(command) {
      ok(await socket.emitWithAck('room:control', { roomId: created.roomId, hostToken: created.hostToken, command }), `control ${command.op}`);
    },
    until: (status) => untilStatus(socket, status),
    close: () => socket.close(),
  };
}
