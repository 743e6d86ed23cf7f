/**
 * One-shot room requests made before a room page exists: the host creating a room
 * and a player joining one. Both keep the token the server returns (room-tokens.ts)
 * so the room page can resume with it, now and after any reload or reconnect.
 */
import type { RoomCreate } from '../../server/protocol';
import { getHostIdentity, setHostIdentity, setHostToken, setLastNick, setPlayerToken, setWatching } from './room-tokens';

export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string; detail?: string };

// The Socket.IO client is fetched when the form is sent, not with the /host and /join pages.
const loadSocket = () => import('./socket');

async function connected(): Promise<void> {
  const { getSocket } = await loadSocket();
  const socket = getSocket();
  if (socket.connected) return;
  if (!socket.active) socket.connect();
  // request() times out by itself if the connection does not come.
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('connect', done);
      resolve();
    };
    const timer = setTimeout(done, 8_000);
    socket.on('connect', done);
  });
}

export async function createRoom(input: Omit<RoomCreate, 'hostToken'>): Promise<Outcome<{ code: string; joinPath: string }>> {
  await connected();
  const { getSocket, request } = await loadSocket();
  const identity = getHostIdentity();
  const r = await request(getSocket(), 'room:create', { ...input, ...(identity ? { hostToken: identity } : {}) });
  if (!r.ok) return r;
  setHostToken(r.code, r.hostToken);
  setHostIdentity(r.hostToken);
  return { ok: true, code: r.code, joinPath: r.joinPath };
}

/** Joins as a player; a round already under way makes the server seat the newcomer as a spectator. */
export async function joinRoom(code: string, nick: string): Promise<Outcome<{ code: string; role: string }>> {
  await connected();
  const { getSocket, request } = await loadSocket();
  const r = await request(getSocket(), 'room:join', { code, nick });
  if (!r.ok) return r;
  if (r.playerToken) setPlayerToken(r.code, r.playerToken);
  else if (r.role === 'spectator') setWatching(r.code);
  setLastNick(nick.trim());
  return { ok: true, code: r.code, role: r.role };
}
