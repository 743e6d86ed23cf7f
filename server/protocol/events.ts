import type {
  GameActionMsg, RoomControl, RoomCreate, RoomJoinInput, RoomLeave, RoomResume, RoomResync, RoomWatch, SoloCreate,
} from './schemas';
import {
  gameActionSchema, roomControlSchema, roomCreateSchema, roomJoinSchema, roomLeaveSchema, roomResumeSchema,
  roomResyncSchema, roomWatchSchema, soloCreateSchema,
} from './schemas';
import type { Reason } from './reasons';
import type { Ack, Frame, Role, RoomInfo, RoomView, RunEnd, Standings } from './views';

/** Client -> server event names; every one takes (payload, ack). */
export const C2S = {
  soloCreate: 'solo:create',
  roomCreate: 'room:create',
  roomJoin: 'room:join',
  roomWatch: 'room:watch',
  roomResume: 'room:resume',
  roomResync: 'room:resync',
  roomLeave: 'room:leave',
  roomControl: 'room:control',
  gameAction: 'game:action',
} as const;
export type ClientEventName = (typeof C2S)[keyof typeof C2S];

/** Server -> client event names. */
export const S2C = {
  frame: 'frame',
  roomState: 'room:state',
  standings: 'standings',
  runEnded: 'run:ended',
  kicked: 'room:kicked',
  /** A message that came without an ack callback was refused. */
  refused: 'refused',
} as const;

/** The schema that guards each client event. */
export const CLIENT_SCHEMAS = {
  'solo:create': soloCreateSchema,
  'room:create': roomCreateSchema,
  'room:join': roomJoinSchema,
  'room:watch': roomWatchSchema,
  'room:resume': roomResumeSchema,
  'room:resync': roomResyncSchema,
  'room:leave': roomLeaveSchema,
  'room:control': roomControlSchema,
  'game:action': gameActionSchema,
} as const;

export type Reply<T extends object = object> = Ack<T, Reason>;

export interface SoloCreated { roomId: string; code: string; hostToken: string; playerToken: string; seatId: string; view: RoomView }
export interface RoomCreated { roomId: string; code: string; hostToken: string; /** Path of the join page, e.g. /join/ABC234. */ joinPath: string; view: RoomView }
export interface Joined { roomId: string; code: string; role: Role; seatId?: string; /** Keep it (sessionStorage) to resume the seat after a drop. */ playerToken?: string; view: RoomView }
export interface Watching { roomId: string; code: string; view: RoomView }
export interface Resumed { roomId: string; code: string; role: Role; seatId?: string; view: RoomView }
export interface Resynced { view: RoomView }
/** The tick the action was stamped with: it applies when that tick runs; the frame with tick > this shows it. */
export interface ActionAccepted { tick: number }

export interface ClientToServerEvents {
  'solo:create': (msg: SoloCreate, ack: (r: Reply<SoloCreated>) => void) => void;
  'room:create': (msg: RoomCreate, ack: (r: Reply<RoomCreated>) => void) => void;
  'room:join': (msg: RoomJoinInput, ack: (r: Reply<Joined>) => void) => void;
  'room:watch': (msg: RoomWatch, ack: (r: Reply<Watching>) => void) => void;
  'room:resume': (msg: RoomResume, ack: (r: Reply<Resumed>) => void) => void;
  'room:resync': (msg: RoomResync, ack: (r: Reply<Resynced>) => void) => void;
  'room:leave': (msg: RoomLeave, ack: (r: Reply) => void) => void;
  'room:control': (msg: RoomControl, ack: (r: Reply) => void) => void;
  'game:action': (msg: GameActionMsg, ack: (r: Reply<ActionAccepted>) => void) => void;
}

export interface ServerToClientEvents {
  frame: (f: Frame) => void;
  'room:state': (r: RoomInfo) => void;
  standings: (s: Standings) => void;
  'run:ended': (e: RunEnd) => void;
  'room:kicked': (e: { roomId: string }) => void;
  refused: (e: { event: string; reason: Reason; detail?: string }) => void;
}

/** What the client puts in the Socket.IO handshake: `io(url, { auth: { protocol: PROTOCOL_VERSION } })`. */
export interface HandshakeAuth { protocol: number }
