import type { z } from 'zod';
import {
  gameActionSchema, roomControlSchema, roomCreateSchema, roomJoinSchema, roomLeaveSchema, roomResumeSchema,
  roomResyncSchema, roomRoundSchema, roomWatchSchema, type RoomMoved,
} from './schemas';
import type { Reason } from './reasons';
import type { WireFrame } from './frames';
import type { Ack, Role, RoomInfo, RoomView, RunEnd, Standings } from './views';

/** Client -> server event names; every one takes (payload, ack). */
export const C2S = {
  roomCreate: 'room:create',
  roomJoin: 'room:join',
  roomWatch: 'room:watch',
  roomResume: 'room:resume',
  roomResync: 'room:resync',
  roomLeave: 'room:leave',
  roomControl: 'room:control',
  roomRound: 'room:round',
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
  /** Cluster only: the room lives on another process; reconnect there (schemas.ts roomMovedSchema). */
  roomMoved: 'room:moved',
} as const;

/** The schema that guards each client event. */
export const CLIENT_SCHEMAS = {
  'room:create': roomCreateSchema,
  'room:join': roomJoinSchema,
  'room:watch': roomWatchSchema,
  'room:resume': roomResumeSchema,
  'room:resync': roomResyncSchema,
  'room:leave': roomLeaveSchema,
  'room:control': roomControlSchema,
  'room:round': roomRoundSchema,
  'game:action': gameActionSchema,
} as const satisfies Record<ClientEventName, z.ZodType>;

export type Reply<T extends object> = Ack<T, Reason>;

/** The ack of a request that answers nothing but "done". */
export type Done = Record<never, never>;
export interface RoomCreated { roomId: string; code: string; hostToken: string; /** Path of the join page, e.g. /join/ABC234. */ joinPath: string; view: RoomView }
export interface Joined { roomId: string; code: string; role: Role; seatId?: string; /** Keep it (sessionStorage) to resume the seat after a drop. */ playerToken?: string; view: RoomView }
export interface Watching { roomId: string; code: string; view: RoomView }
export interface Resumed { roomId: string; code: string; role: Role; seatId?: string; view: RoomView }
export interface Resynced { view: RoomView }
/** The tick the action was stamped with: it applies when that tick runs; the frame with tick > this shows it. */
/** A move accepted: what it became and the tick it applies at (a wakeup's tick for a placement). */
export interface ActionAccepted { tick: number; type: 'migrate' | 'place' }

/** What each request's ack carries on success: the one place the answer types are written. */
export interface AckPayloads {
  'room:create': RoomCreated;
  'room:join': Joined;
  'room:watch': Watching;
  'room:resume': Resumed;
  'room:resync': Resynced;
  'room:leave': Done;
  'room:control': Done;
  /** The new round's number; the room's new state follows as `room:state`. */
  'room:round': { round: number };
  'game:action': ActionAccepted;
}

/** What the server trusts once a payload passed its schema (trimmed, upper-cased...). */
export type PayloadOf<E extends ClientEventName> = z.output<(typeof CLIENT_SCHEMAS)[E]>;
/** What a client sends (before the server's normalising). */
export type SentPayloadOf<E extends ClientEventName> = z.input<(typeof CLIENT_SCHEMAS)[E]>;
/** The whole ack of event E: its success payload or a refusal with a Reason. */
export type AckOf<E extends ClientEventName> = Reply<AckPayloads[E]>;

export type ClientToServerEvents = {
  [E in ClientEventName]: (msg: SentPayloadOf<E>, ack: (r: AckOf<E>) => void) => void;
};

export interface ServerToClientEvents {
  /** What changed in a run since its last frame (frames.ts): FrameAssembler makes it whole. */
  frame: (f: WireFrame) => void;
  'room:state': (r: RoomInfo) => void;
  standings: (s: Standings) => void;
  'run:ended': (e: RunEnd) => void;
  'room:kicked': (e: { roomId: string }) => void;
  refused: (e: { event: string; reason: Reason; detail?: string }) => void;
  'room:moved': (e: RoomMoved) => void;
}

/** What the client puts in the Socket.IO handshake: `io(url, { auth: { protocol: PROTOCOL_VERSION } })`. */
export interface HandshakeAuth { protocol: number }
