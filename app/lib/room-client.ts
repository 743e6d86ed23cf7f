'use client';
/**
 * useRoomSession: one room seen by the host or a player, kept in step with the
 * server over the shared socket.
 *
 * - On every (re)connect it resumes with the stored token: a new connection
 *   belongs to no Socket.IO room, so without this a reconnected tab would go quiet.
 * - Frames carry a per-run version; anything but last+1 means one was missed, and
 *   the client asks for the whole view again (room:resync) instead of guessing. Every
 *   view carries the run's recent frames (`history`), so the timeline is rebuilt
 *   rather than started afresh after a gap or a reload.
 * - The server is the authority: this only stores and displays what it sent.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import {
  applyFrame, fullFrame, HISTORY_TICKS, historyFrame, isVersionReason, pushHistory, type ControlOp, type Frame, type FrameEvent, type Reason, type Role, type RoomInfo, type RoomView,
  type RoundResult, type RunEnd, type RunHistory, type RunView, type ScenarioRef, type Standings, type VersionReason, type WireFrame,
} from '../../server/protocol';
import type { ScenarioInput } from '../../server/engine';
import { followRoomHint, getSocket, request } from './socket';
import { clearHostToken, clearPlayerToken, getHostToken, getPlayerToken, getWatching } from './room-tokens';

export type Who = 'host' | 'player';
export type ConnState = 'connecting' | 'online' | 'reconnecting';
export type SessionStatus =
  /** Waiting for the first answer. */
  | 'loading'
  | 'ready'
  /** No token stored for this room in this browser. */
  | 'no-token'
  /** The seat or room is gone, or another refusal that a retry will not fix. */
  | 'error'
  | 'kicked';

export interface RoomSession {
  conn: ConnState;
  status: SessionStatus;
  error?: string;
  roomId?: string;
  role?: Role;
  seatId?: string;
  room?: RoomInfo;
  scenario?: ScenarioInput;
  run?: RunView;
  /** The latest frame's events first, then older ones (capped). */
  events: FrameEvent[];
  /** The last frame applied to `run` (its events feed the Gantt's timeline). */
  frame?: Frame;
  /**
   * The recent frames of `run`: the last view's, then every frame applied since
   * (bounded like the server's). The timeline is caught up from it, so frames that
   * arrive between two renders, or were missed and resynced, are all drawn.
   */
  history?: RunHistory;
  standings?: Standings;
  /** The room's finished rounds (from the last view: a round's end or start brings a new one). */
  rounds: RoundResult[];
  runEnd?: RunEnd;
  /** Host of a race: the seat whose run is followed (its frames arrive), if any. */
  followSeat?: string;
  /** Set when a frame gap was seen; cleared once the resync answered. */
  needResync: boolean;
  /** How many resyncs this page did (shown to nobody; useful in tests and logs). */
  resyncs: number;
  /** How many frame gaps were seen: frames were lost, so pictures built from frames start afresh. */
  gaps: number;
}

const MAX_EVENTS = 60;

export type RoomMsg =
  | { t: 'conn'; conn: ConnState }
  | { t: 'no-token' }
  | { t: 'view'; roomId: string; role: Role; seatId?: string; view: RoomView; resync: boolean }
  | { t: 'error'; reason: string }
  | { t: 'kicked' }
  | { t: 'room'; room: RoomInfo }
  | { t: 'frame'; frame: WireFrame }
  | { t: 'standings'; standings: Standings }
  | { t: 'run-ended'; end: RunEnd }
  /** The host starts (seatId + the watch view) or stops (nothing) following one player's run. */
  | { t: 'follow'; seatId?: string; view?: RoomView };

export const initialSession: RoomSession = { conn: 'connecting', status: 'loading', events: [], rounds: [], needResync: false, resyncs: 0, gaps: 0 };

/** A new history: `h` plus the frame (copied: session states are immutable). */
function withFrame(h: RunHistory | undefined, f: Frame): RunHistory {
  const next = h ? { since: h.since, frames: [...h.frames] } : { since: f.tick, frames: [] };
  pushHistory(next, historyFrame(f), HISTORY_TICKS);
  return next;
}

/** Whether frames of a run this client does not know yet mean "resync to learn it". */
function followsARun(s: RoomSession): boolean {
  return s.role === 'player' || s.room?.kind === 'coop';
}

/** The session's pure state transitions (exported for unit tests). */
export function reduceSession(s: RoomSession, m: RoomMsg): RoomSession {
  switch (m.t) {
    case 'conn':
      return { ...s, conn: m.conn };
    case 'no-token':
      return { ...s, status: 'no-token' };
    case 'view': {
      const v = m.view;
      return {
        ...s,
        status: 'ready',
        error: undefined,
        roomId: m.roomId,
        role: m.role,
        seatId: m.seatId,
        room: v.room,
        scenario: v.scenario,
        // The host's own view carries no run: a followed run is refreshed by re-watching (see useRoomSession).
        run: v.run ?? (s.followSeat ? s.run : undefined),
        history: v.run ? v.history : s.followSeat ? s.history : undefined,
        // A standings view of another round (a new round's lobby) replaces the old one.
        standings: v.standings ?? (s.standings?.round === v.room.round ? s.standings : undefined),
        rounds: v.rounds ?? s.rounds,
        // A run that restarted (new runId) has nothing to do with the old end.
        runEnd: s.runEnd && v.run && s.runEnd.runId === v.run.runId ? s.runEnd : undefined,
        needResync: false,
        resyncs: s.resyncs + (m.resync ? 1 : 0),
      };
    }
    case 'follow':
      return {
        ...s,
        followSeat: m.seatId,
        run: m.view?.run,
        history: m.view?.history,
        room: m.view?.room ?? s.room,
        standings: m.view?.standings ?? s.standings,
        frame: undefined,
        events: [],
        runEnd: undefined,
        needResync: false,
      };
    case 'error':
      return { ...s, status: 'error', error: m.reason };
    case 'kicked':
      return { ...s, status: 'kicked' };
    case 'room': {
      if (s.roomId && m.room.roomId !== s.roomId) return s;
      // On a status change (start, pause, end) the whole view is read again: live
      // standings are sent at most once a second, so a paused dashboard would
      // otherwise show figures up to a second old until the round resumes.
      const changed = s.status === 'ready' && s.room !== undefined && s.room.status !== m.room.status;
      return { ...s, room: m.room, needResync: s.needResync || changed };
    }
    case 'frame': {
      const f = m.frame;
      if (s.roomId && f.roomId !== s.roomId) return s;
      if (!s.run) return followsARun(s) && s.status === 'ready' ? { ...s, needResync: true } : s;
      if (f.runId !== s.run.runId) return s;
      if (f.version <= s.run.version) return s; // a duplicate or an old frame
      if (f.version !== s.run.version + 1) return s.needResync ? s : { ...s, needResync: true, gaps: s.gaps + 1 };
      // The frame holds what the run's picture would not predict; the run held is its base.
      const picture = applyFrame(s.run, f);
      const run: RunView = { ...s.run, ...picture, version: f.version };
      const whole = fullFrame(f, picture);
      const events = [...f.events].reverse().concat(s.events).slice(0, MAX_EVENTS);
      return { ...s, run, events, frame: whole, history: withFrame(s.history, whole) };
    }
    case 'standings':
      if (s.roomId && m.standings.roomId !== s.roomId) return s;
      // Standings of a round this page no longer shows (a late message after the next round began) are dropped.
      if (s.room && m.standings.round !== s.room.round) return s;
      return { ...s, standings: m.standings };
    case 'run-ended': {
      const e = m.end;
      if (s.roomId && e.roomId !== s.roomId) return s;
      const mine = (s.run && e.runId === s.run.runId) || (s.seatId !== undefined && e.seatId === s.seatId);
      if (!mine) return s;
      return { ...s, runEnd: e, run: s.run ? { ...s.run, finished: true, stats: e.stats, tick: e.ticks } : s.run };
    }
  }
}

/** Refusals after which retrying with the same token cannot help. */
/** How long to wait before asking again for a room the server is still restoring after a restart. */
const RESTORING_RETRY_MS = 1000;

const FATAL = new Set<string>(['auth/bad-token', 'room/not-found', 'auth/not-host', 'protocol/client-too-old', 'protocol/server-too-old', 'bad/payload']);

/**
 * The server refuses a connection speaking another protocol version in its
 * handshake, naming the side that is behind (the error's message is the reason).
 * Socket.IO does not retry that, so the page says it instead of spinning.
 */
export function versionRefusalOf(err: Error): VersionReason | null {
  return isVersionReason(err.message) ? err.message : null;
}

export interface RoomControls {
  session: RoomSession;
  /** Host only: a room:control command; resolves with null or the refusal reason. */
  control: (command: ControlOp) => Promise<string | null>;
  /** Player only: migrate (or place) a task; resolves with null or the refusal reason. */
  act: (task: string, cpu: number) => Promise<string | null>;
  /** Host of a race: follow one player's run live (null stops); resolves with null or the refusal reason. */
  follow: (seatId: string | null) => Promise<string | null>;
  /** Host only: another round in this room (the current one when no scenario is given); null or the refusal reason. */
  nextRound: (opts: { scenario?: ScenarioRef; seed?: number }) => Promise<string | null>;
}

export function useRoomSession(code: string, who: Who): RoomControls {
  const [session, dispatch] = useReducer(reduceSession, initialSession);
  const roomIdRef = useRef<string | undefined>(undefined);
  roomIdRef.current = session.roomId;
  const followRef = useRef<string | undefined>(undefined);
  followRef.current = session.followSeat;

  /** (Re)watches the followed run: its view is the only way to get that run whole again. */
  const watchFollowed = useCallback(async (seatId: string): Promise<string | null> => {
    const r = await request(getSocket(), 'room:watch', { code, follow: seatId });
    if (!r.ok) {
      dispatch({ t: 'follow' });
      return r.reason;
    }
    dispatch({ t: 'follow', seatId, view: r.view });
    return null;
  }, [code]);

  useEffect(() => {
    const socket = getSocket();
    const token = who === 'host' ? getHostToken(code) : getPlayerToken(code);
    // A late joiner was seated as a spectator: it watches the room (standings, co-op machine).
    const watching = who === 'player' && !token && getWatching(code);
    let alive = true;
    if (!token && !watching) {
      dispatch({ t: 'no-token' });
      return;
    }
    const clearToken = () => (who === 'host' ? clearHostToken(code) : clearPlayerToken(code));

    const resume = async () => {
      const r = token
        ? await request(socket, 'room:resume', { code, token })
        : await request(socket, 'room:watch', { code }).then((w) => (w.ok ? { ...w, role: 'spectator' as const, seatId: undefined } : w));
      if (!alive) return;
      if (r.ok) {
        dispatch({ t: 'view', roomId: r.roomId, role: r.role, seatId: r.seatId, view: r.view, resync: false });
        // A new connection follows nothing: pick the followed run up again.
        if (followRef.current) void watchFollowed(followRef.current);
      } else if (FATAL.has(r.reason)) {
        if (r.reason === 'auth/bad-token' || r.reason === 'room/not-found') clearToken();
        dispatch({ t: 'error', reason: r.reason });
      } else if (r.reason === 'room/restoring') {
        // The server restarted and replays this room in the background: ask again shortly.
        setTimeout(() => void resume(), RESTORING_RETRY_MS);
      }
      // Otherwise (timeout, offline, rate limit): the next connect event resumes again.
    };
    const onConnect = () => {
      dispatch({ t: 'conn', conn: 'online' });
      void resume();
    };
    const onDisconnect = () => dispatch({ t: 'conn', conn: 'reconnecting' });
    const onRoom = (room: RoomInfo) => dispatch({ t: 'room', room });
    const onFrame = (frame: WireFrame) => dispatch({ t: 'frame', frame });
    const onStandings = (standings: Standings) => dispatch({ t: 'standings', standings });
    const onRunEnded = (end: RunEnd) => dispatch({ t: 'run-ended', end });
    // Cluster: the room lives on another process; move there (at most once per owner) and resume.
    const onMoved = (hint: unknown) => void followRoomHint(socket, hint, (c) => c === code.toUpperCase());
    const onKicked = (e: { roomId: string }) => {
      if (roomIdRef.current && e.roomId !== roomIdRef.current) return;
      clearToken();
      dispatch({ t: 'kicked' });
    };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('room:state', onRoom);
    socket.on('frame', onFrame);
    socket.on('standings', onStandings);
    socket.on('run:ended', onRunEnded);
    socket.on('room:kicked', onKicked);
    socket.on('room:moved', onMoved);
    const onConnectError = (err: Error) => {
      const reason = versionRefusalOf(err);
      if (reason) dispatch({ t: 'error', reason });
    };
    socket.on('connect_error', onConnectError);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();

    return () => {
      alive = false;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('room:state', onRoom);
      socket.off('frame', onFrame);
      socket.off('standings', onStandings);
      socket.off('run:ended', onRunEnded);
      socket.off('room:kicked', onKicked);
      socket.off('room:moved', onMoved);
      socket.off('connect_error', onConnectError);
    };
  }, [code, who, watchFollowed]);

  // A frame gap: fetch the whole view once, then frames continue from its version.
  const resyncing = useRef(false);
  // A resync that got no answer (timeout) is tried again a second later.
  const [resyncRetry, setResyncRetry] = useState(0);
  useEffect(() => {
    if (!session.needResync || !session.roomId || resyncing.current) return;
    resyncing.current = true;
    const socket = getSocket();
    const roomId = session.roomId;
    void request(socket, 'room:resync', { roomId }).then(async (r) => {
      if (r.ok) {
        dispatch({ t: 'view', roomId, role: session.role ?? 'player', seatId: session.seatId, view: r.view, resync: true });
        if (session.followSeat) await watchFollowed(session.followSeat);
      } else if (FATAL.has(r.reason)) dispatch({ t: 'error', reason: r.reason });
      else setTimeout(() => setResyncRetry((n) => n + 1), 1_000);
      resyncing.current = false;
    });
  }, [session.needResync, session.roomId, session.role, session.seatId, session.followSeat, watchFollowed, resyncRetry]);

  const control = useCallback(async (command: ControlOp): Promise<string | null> => {
    const roomId = roomIdRef.current;
    const hostToken = getHostToken(code);
    if (!roomId || !hostToken) return 'auth/not-host';
    const r = await request(getSocket(), 'room:control', { roomId, hostToken, command });
    return r.ok ? null : r.reason;
  }, [code]);

  const act = useCallback(async (task: string, cpu: number): Promise<string | null> => {
    const roomId = roomIdRef.current;
    if (!roomId) return 'room/not-running';
    const r = await request(getSocket(), 'game:action', { roomId, task, cpu });
    return r.ok ? null : r.reason;
  }, []);

  const follow = useCallback(async (seatId: string | null): Promise<string | null> => {
    if (seatId) return watchFollowed(seatId);
    dispatch({ t: 'follow' });
    // Keep watching the room (standings) but no run: frames of the old one stop coming.
    const r = await request(getSocket(), 'room:watch', { code });
    return r.ok ? null : r.reason;
  }, [code, watchFollowed]);

  const nextRound = useCallback(async (opts: { scenario?: ScenarioRef; seed?: number }): Promise<string | null> => {
    const roomId = roomIdRef.current;
    const hostToken = getHostToken(code);
    if (!roomId || !hostToken) return 'auth/not-host';
    const r = await request(getSocket(), 'room:round', { roomId, hostToken, ...opts });
    if (!r.ok) return r.reason;
    // A player of the finished round is followed no more.
    if (followRef.current) await follow(null);
    return null;
  }, [code, follow]);

  return { session, control, act, follow, nextRound };
}

export type { Reason };
