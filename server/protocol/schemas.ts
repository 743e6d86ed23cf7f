import { z } from 'zod';
import { BOT_NAME_INPUTS, MAX_CPUS, normalizeBotName, type BotName } from '../engine';

/**
 * Zod schemas for every client-to-server payload. The typed event maps give
 * compile-time shapes only; these are what the server actually trusts.
 * Every object is strict: an unexpected key is a bad payload, not ignored.
 */

/** Join-code alphabet: no 0/O, no 1/I, so a code read aloud or off a board is unambiguous. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

export const codeSchema = z.string().trim().toUpperCase()
  .regex(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`), { error: `a join code is ${CODE_LENGTH} characters` });

export const NICK_MIN = 2;
export const NICK_MAX = 20;
/** Letters of any script, digits, space, "_", "-", ".": nothing with markup meaning. */
const NICK_CHARS = /^[\p{L}\p{M}\p{N} _.-]+$/u;

/** Trimmed, NFC-normalised, inner runs of spaces collapsed; uniqueness is case-insensitive (the rooms check it). */
export const nickSchema = z.string()
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(z.string()
    .min(NICK_MIN, { error: `a nickname has ${NICK_MIN} to ${NICK_MAX} characters` })
    .max(NICK_MAX, { error: `a nickname has ${NICK_MIN} to ${NICK_MAX} characters` })
    .regex(NICK_CHARS, { error: 'a nickname uses letters, digits, spaces, "_", "-" and "." only' }));

/** Tokens are server-made base64url strings; anything else is refused before lookup. */
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'bad token' });
export const roomIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'bad room id' });
export const seatIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'bad seat id' });
export const cpuSchema = z.number().int().min(0).max(MAX_CPUS - 1);
export const taskIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,24}$/, { error: 'bad task id' });

export const SPEED_MIN = 0.25;
export const SPEED_MAX = 8;
export const speedSchema = z.number().min(SPEED_MIN).max(SPEED_MAX);

/** A scenario by built-in slug, or inline (a teacher's own; parsed with the engine's scenario schema). */
export const scenarioRefSchema = z.union([
  z.strictObject({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }),
  z.strictObject({ json: z.unknown() }),
  /**
   * A published scenario (README "Publishing scenarios"), by slug: its current version. Hosting
   * one of `rooms` or `private` visibility needs its owner's session (the socket's cookie).
   */
  z.strictObject({ published: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }),
]);

const seedSchema = z.number().int().min(0).max(0xffffffff);
// Old bot names (global-ideal) are accepted and normalised to the current one.
const botSchema = z.enum(BOT_NAME_INPUTS).transform((b): BotName => normalizeBotName(b) ?? 'none');

/** Race: each player a private copy of the machine; co-op: one shared machine, CPUs dealt out. (Solo play runs in the browser.) */
export const ROOM_KINDS = ['race', 'coop'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export const MAX_PLAYERS_LIMIT = 100;
export const roomCreateSchema = z.strictObject({
  kind: z.enum(ROOM_KINDS),
  scenario: scenarioRefSchema,
  seed: seedSchema.optional(),
  bot: botSchema.optional(),
  maxPlayers: z.number().int().min(1).max(MAX_PLAYERS_LIMIT).optional(),
  /**
   * The host token of a live room this host already holds: the new room takes the
   * same token (one host, several rooms; the per-host cap counts them). Any other
   * token is ignored and the room gets a fresh one.
   */
  hostToken: tokenSchema.optional(),
});

export const roomJoinSchema = z.strictObject({ code: codeSchema, nick: nickSchema });
/** Watch a room; in a race, `follow` also streams that seat's run frames. */
export const roomWatchSchema = z.strictObject({ code: codeSchema, follow: seatIdSchema.optional() });
/** Come back with the token the server gave: a player token resumes the seat, a host token the host role. */
export const roomResumeSchema = z.strictObject({ code: codeSchema, token: tokenSchema });
export const roomResyncSchema = z.strictObject({ roomId: roomIdSchema });
export const roomLeaveSchema = z.strictObject({ roomId: roomIdSchema });

export const controlOpSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('start') }),
  z.strictObject({ op: z.literal('pause') }),
  z.strictObject({ op: z.literal('resume') }),
  z.strictObject({ op: z.literal('end') }),
  /** One tick while paused (co-op: a teacher explaining a moment). */
  z.strictObject({ op: z.literal('step') }),
  z.strictObject({ op: z.literal('speed'), speed: speedSchema }),
  z.strictObject({ op: z.literal('lock'), locked: z.boolean() }),
  z.strictObject({ op: z.literal('kick'), seatId: seatIdSchema }),
  /** Co-op: give one CPU to a seat (replaces the round-robin default). */
  z.strictObject({ op: z.literal('assign'), cpu: cpuSchema, seatId: seatIdSchema }),
]);
export type ControlOp = z.infer<typeof controlOpSchema>;

export const roomControlSchema = z.strictObject({
  roomId: roomIdSchema,
  hostToken: tokenSchema,
  command: controlOpSchema,
});

/** Rounds one room keeps (its results table and CSV grow by a column group per round). */
export const MAX_ROUNDS = 50;

/**
 * Host: another round in the same room, once the current one ended. Seats and tokens
 * carry over (nobody rejoins); the room returns to its lobby on the chosen scenario
 * (the current one when absent), seed and balancer (the scenario's own when absent).
 */
export const roomRoundSchema = z.strictObject({
  roomId: roomIdSchema,
  hostToken: tokenSchema,
  scenario: scenarioRefSchema.optional(),
  seed: seedSchema.optional(),
  bot: botSchema.optional(),
});

/**
 * A player's move: a task and a CPU. No tick (the room stamps the tick it will apply
 * at) and no type: the run's Session decides whether it is a migration or where an
 * announced sleeping task wakes, and the ack says which.
 */
export const gameActionSchema = z.strictObject({
  roomId: roomIdSchema,
  task: taskIdSchema,
  cpu: cpuSchema,
});

export type RoomCreate = z.infer<typeof roomCreateSchema>;
export type RoomJoin = z.infer<typeof roomJoinSchema>;
export type RoomWatch = z.infer<typeof roomWatchSchema>;
export type RoomResume = z.infer<typeof roomResumeSchema>;
export type RoomResync = z.infer<typeof roomResyncSchema>;
export type RoomLeave = z.infer<typeof roomLeaveSchema>;
export type RoomControl = z.infer<typeof roomControlSchema>;
export type RoomRound = z.infer<typeof roomRoundSchema>;
export type GameActionMsg = z.infer<typeof gameActionSchema>;
export type ScenarioRef = z.infer<typeof scenarioRefSchema>;
/** What the client sends (before the server's trimming and upper-casing). */
export type RoomJoinInput = z.input<typeof roomJoinSchema>;

/**
 * A cluster process's id: it names the proxy path `/node/<id>/socket.io/` that reaches that
 * process alone (deploy/nginx.conf), so it is safe in a URL path and an nginx upstream name.
 */
export const nodeIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'a node id is 1 to 64 of A-Z a-z 0-9 _ -' });

/**
 * Server -> client, cluster only: the room the socket just entered (created, joined, resumed,
 * watched) or is in, is owned by another process, reachable at `/node/<node>/socket.io/`
 * through the same proxy. Checked by the client before it acts on it (app/lib/affinity.ts).
 */
export const roomMovedSchema = z.strictObject({ roomId: roomIdSchema, code: codeSchema, node: nodeIdSchema });
export type RoomMoved = z.output<typeof roomMovedSchema>;

/** The Socket.IO path of one cluster process behind the proxy. */
export function nodePath(node: string): string {
  return `/node/${node}/socket.io`;
}
export const DEFAULT_SOCKET_PATH = '/socket.io';
