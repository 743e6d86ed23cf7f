/**
 * Repository interfaces: what the rest of the server (rooms, HTTP API, services) sees of
 * storage. Implemented in memory (memory.ts) and over Prisma for SQLite and PostgreSQL
 * (prisma.ts); one behaviour suite (tests/integration/db) holds all three to the same
 * contract. Nothing here names a driver.
 */
import type { Action, LevelRecord, ScenarioInput } from '../engine';
import type { ArenaRepo } from './arena-types';
import type { AssignmentRepo, ClassRepo } from './teach-types';
import type { AuthoredRepo } from './authored-types';
import type { AuthStore } from './auth-store';

export type ScenarioKind = 'builtin' | 'authored' | 'daily' | 'variant';
/**
 * Built-ins and dailies are public, room variants unlisted. A published (authored) scenario is
 * one of PUBLISH_STATES (authored-types.ts): private, link, rooms or public.
 */
export type Visibility = 'public' | 'unlisted' | 'private' | 'link' | 'rooms';

export interface PlayerRecord {
  id: string;
  nickname: string;
  createdAt: Date;
}

export interface PlayerRepo {
  /** Stores a new player; the caller hashes the token (see tokens.ts). */
  create(input: { tokenHash: string; nickname: string }): Promise<PlayerRecord>;
  /** Finds the player holding this token, or creates one with that token and nickname. */
  ensure(input: { tokenHash: string; nickname: string }): Promise<PlayerRecord>;
  getByTokenHash(tokenHash: string): Promise<PlayerRecord | null>;
  getById(id: string): Promise<PlayerRecord | null>;
  rename(id: string, nickname: string): Promise<PlayerRecord | null>;
}

export interface ScenarioRecord {
  id: string;
  slug: string;
  title: string;
  kind: ScenarioKind;
  visibility: Visibility;
  authorId: string | null;
  version: number;
  /** The scenario file (format 1), canonical form (validated before it was stored). */
  json: ScenarioInput;
  hash: string;
  campaignOrder: number | null;
  createdAt: Date;
  updatedAt: Date;
  /** The teacher account owning a published scenario (null for built-ins, dailies, variants and player-authored files). */
  ownerAccountId: string | null;
  /** Hidden by an admin: out of the gallery, 404 to all but its owner. */
  hiddenAt: Date | null;
  hiddenReason: string | null;
  /** Deleted by its owner but kept for the replays of runs played on it. */
  deletedAt: Date | null;
}

/** A scenario file to store: already validated and in canonical form (see scenarios.ts). */
export interface ScenarioDoc {
  slug: string;
  title: string;
  json: ScenarioInput;
  /** SHA-256 of the canonical JSON text. */
  hash: string;
}

export interface ScenarioVersionRef {
  scenarioId: string;
  slug: string;
  version: number;
}

export interface ScenarioRepo {
  /** Built-in levels in campaign order, then public authored scenarios by title. */
  listPublic(): Promise<ScenarioRecord[]>;
  getBySlug(slug: string): Promise<ScenarioRecord | null>;
  getById(id: string): Promise<ScenarioRecord | null>;
  /** A stored version (every version is kept so old runs stay replayable). */
  getVersion(scenarioId: string, version: number): Promise<ScenarioInput | null>;
  /**
   * Creates or updates the built-in levels, in the given (campaign) order. Idempotent:
   * an unchanged file writes nothing; a changed one becomes a new version.
   */
  seedBuiltins(docs: readonly ScenarioDoc[]): Promise<{ created: number; updated: number; unchanged: number }>;
  /**
   * Creates or updates an authored scenario. A new version only when the content changed.
   * Throws ScenarioConflictError when the slug belongs to a built-in or another author, or is
   * reserved (a built-in's slug, or any `daily-` slug: see isReservedSlug in scenarios.ts).
   */
  upsertAuthored(doc: ScenarioDoc, opts: { authorId: string; visibility: Visibility }): Promise<ScenarioRecord>;
  /**
   * The daily challenge's scenario row (created on first use; the engine generates the file).
   * A row of another kind squatting the slug (stored by older versions) is moved aside to
   * `slug~hash8`, so the daily always gets its slug.
   */
  ensureDaily(doc: ScenarioDoc): Promise<ScenarioRecord>;
  /**
   * The stored version whose content is exactly this file (under its slug or `slug~hash8`).
   * Any other file (a room's own JSON, a changed copy of a known level) is stored as an unlisted
   * "variant" under `slug~hash8`: content-addressed, it never takes a slug, so built-in, daily
   * and authored slugs stay with their owners and it never shares a leaderboard with them.
   */
  resolve(doc: ScenarioDoc): Promise<ScenarioVersionRef>;
}

export class ScenarioConflictError extends Error {
  constructor(slug: string) {
    super(`the slug "${slug}" is taken`);
    this.name = 'ScenarioConflictError';
  }
}

/** An identical run already counts for another player (see NewRun.contentKey). */
export class DuplicateRunError extends Error {
  constructor(readonly firstRunId: string) {
    super(`this exact run was already submitted (run ${firstRunId}); it counts for its first submitter`);
    this.name = 'DuplicateRunError';
  }
}

/**
 * The store failed a call for a reason of its own (a full disk, a lost connection, a broken
 * lock), not because of the caller's input: worth retrying later. `operation` names the
 * repository method (e.g. "runs.saveRun"); `cause` is the driver's error.
 */
export class StorageError extends Error {
  constructor(readonly operation: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/**
 * The store did not answer within the time allowed. The call is abandoned, not undone: it may
 * still complete, which is why finished runs are written with an idempotency key.
 */
export class StorageTimeoutError extends StorageError {
  constructor(operation: string, readonly ms: number) {
    super(operation, `${operation} did not answer within ${ms} ms`);
    this.name = 'StorageTimeoutError';
  }
}

export interface RoomRecord {
  id: string;
  code: string;
  kind: string;
  hostTokenHash: string;
  scenarioId: string;
  scenarioSlug: string;
  scenarioVersion: number;
  seed: number;
  state: string;
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The signed-in teacher who hosted it (class history); null for an anonymous host. */
  ownerAccountId: string | null;
  /** The owner's class it is tagged with; null when untagged. */
  classId: string | null;
}

export interface ParticipantRecord {
  id: string;
  roomId: string;
  playerId: string;
  nickname: string;
  /** The rooms layer's stable seat id within the room. */
  seatKey: string;
  /** Join order. */
  seat: number;
  kicked: boolean;
  joinedAt: Date;
}

/** Enough to resume a round after a restart: seed + every action so far, per run. */
export interface CheckpointRecord {
  roomCode: string;
  round: number;
  tick: number;
  seed: number;
  /** Per run key (a seat in a race, "main" in co-op), the actions applied so far, in order. */
  logs: Record<string, Action[]>;
  /** Whatever else the rooms layer needs to rebuild the room (JSON). */
  extra: unknown;
  savedAt: Date;
}

export interface RoomRepo {
  create(input: {
    code: string;
    kind: string;
    hostTokenHash: string;
    scenarioId: string;
    scenarioVersion: number;
    seed: number;
    state?: string;
    settings?: Record<string, unknown>;
    ownerAccountId?: string | null;
    classId?: string | null;
  }): Promise<RoomRecord>;
  getByCode(code: string): Promise<RoomRecord | null>;
  /**
   * Sets the state; `startedAt`/`finishedAt` are set when given. Null when no such room.
   * A room that is over (ended, finished or closed) stays over: a late write of an earlier state
   * (a checkpoint write abandoned after a timeout that lands afterwards) changes nothing, and the
   * room is answered as stored, so an ended room is never resumed after a restart.
   */
  updateState(code: string, state: string, at?: { startedAt?: Date; finishedAt?: Date }): Promise<RoomRecord | null>;
  /**
   * An ended room whose host began another round is live again: back to 'lobby', finishedAt
   * cleared (its next round's checkpoints are then resumable). A room finished or closed, or not
   * ended, is answered as stored. Null when no such room.
   */
  reopen(code: string): Promise<RoomRecord | null>;
  /** Idempotent per (room, seatKey): a reconnecting seat gets its row back (nickname updated). */
  addParticipant(code: string, input: { playerId: string; nickname: string; seatKey: string }): Promise<ParticipantRecord>;
  listParticipants(code: string, opts?: { includeKicked?: boolean }): Promise<ParticipantRecord[]>;
  kick(code: string, seatKey: string): Promise<boolean>;
  /**
   * Overwrites the room's checkpoint when its round and tick are not older than the stored one's,
   * and at the same round and tick when `savedAt` is not earlier (a late write never rolls back).
   */
  saveCheckpoint(cp: Omit<CheckpointRecord, 'savedAt'> & { savedAt?: Date }): Promise<void>;
  /** Checkpoints of rooms not finished or closed: what to resume after a restart. */
  listResumable(): Promise<CheckpointRecord[]>;
  dropCheckpoint(code: string): Promise<void>;
}

export interface NewRun {
  playerId: string;
  nickname: string;
  scenarioId: string;
  scenarioVersion: number;
  roomId?: string | null;
  seed: number;
  bot: string;
  actions: Action[];
  finalHash: string;
  score: number;
  metrics: unknown;
  met: number;
  missed: number;
  stranded: number;
  stars?: number | null;
  verified: boolean;
  verifyNote?: string | null;
  /**
   * Whether a verified run counts on the scenario, daily and campaign boards (default true).
   * False for a room run played with another balancer than the scenario's: comparable within
   * its room only. Not stored: it only decides the best-run and progress updates.
   */
  countsGlobally?: boolean;
  /**
   * The run's content (runContentKey in scenarios.ts), for a verified run that counts globally:
   * one log counts once, for its first submitter. A later identical run by another player is
   * refused with DuplicateRunError when `onDuplicate` is 'refuse' (nothing stored), otherwise
   * stored without counting globally. The same player's repeat is stored and counts as before.
   */
  contentKey?: string | null;
  onDuplicate?: 'refuse' | 'credit-first';
  /**
   * The writer's stable id for this run. A save whose key is stored already stores nothing and
   * answers the stored run: a retry after a failed or timed-out write (that may have committed)
   * never makes a second row. Unique across all runs; null or absent: no such check.
   */
  idempotencyKey?: string | null;
  /** The room's round (from 1); null outside rooms. */
  round?: number | null;
  /** The host removed the player during that round: listed as removed, never ranked. */
  removed?: boolean;
  startedAt?: Date | null;
  finishedAt: Date;
}

export interface RunRecord extends Omit<NewRun, 'roomId' | 'stars' | 'verifyNote' | 'startedAt' | 'countsGlobally' | 'contentKey' | 'onDuplicate' | 'idempotencyKey' | 'round' | 'removed'> {
  id: string;
  roomId: string | null;
  round: number | null;
  removed: boolean;
  stars: number | null;
  verifyNote: string | null;
  startedAt: Date | null;
  createdAt: Date;
}

export interface ReplayDoc {
  format: 1;
  runId: string;
  scenario: ScenarioInput;
  scenarioVersion: number;
  seed: number;
  bot: string;
  actions: Action[];
  finalHash: string;
  score: number;
  verified: boolean;
}

export interface RunRepo {
  /**
   * Stores a finished run in one transaction. When verified, it also becomes the player's
   * best for the scenario version if better (higher score, then earlier finish), and, on a
   * campaign level with `stars`, becomes the player's progress on that level when it beats
   * the record kept (engine/progress.ts: more stars, then a higher score, ...), updating
   * the campaign totals. Idempotent per `idempotencyKey` (see NewRun).
   */
  saveRun(run: NewRun): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | null>;
  listRoomRuns(roomId: string): Promise<RunRecord[]>;
  replay(id: string): Promise<ReplayDoc | null>;
}

export interface BoardEntry {
  rank: number;
  playerId: string;
  nickname: string;
  score: number;
  finishedAt: Date;
  runId: string;
}

export interface Board {
  entries: BoardEntry[];
  /** The asking player's entry, even outside the top N; null when they have none. */
  me: BoardEntry | null;
}

export interface CampaignEntry {
  rank: number;
  playerId: string;
  nickname: string;
  score: number;
  stars: number;
  reachedAt: Date;
}

export interface CampaignBoard {
  entries: CampaignEntry[];
  me: CampaignEntry | null;
}

export interface LeaderboardRepo {
  /**
   * Best verified run per player on one version of the scenario (default: its current version):
   * every version has its own board, so an edit never reshuffles the board runs were played on.
   * (A room's results: service.ts roomResults.)
   */
  scenario(scenarioId: string, opts: { limit: number; playerId?: string; version?: number }): Promise<Board>;
  /** Sum of best verified scores over the campaign levels, per player. */
  campaign(opts: { limit: number; playerId?: string }): Promise<CampaignBoard>;
}

export interface ProgressRecord {
  scenarioId: string;
  slug: string;
  bestScore: number;
  stars: number;
  runId: string;
  finishedAt: Date;
}

export interface ProgressRepo {
  list(playerId: string): Promise<ProgressRecord[]>;
}

export interface Repositories {
  players: PlayerRepo;
  scenarios: ScenarioRepo;
  rooms: RoomRepo;
  runs: RunRepo;
  leaderboards: LeaderboardRepo;
  progress: ProgressRepo;
  arena: ArenaRepo;
  assignments: AssignmentRepo;
  classes: ClassRepo;
  authored: AuthoredRepo;
}

export interface Db extends Repositories {
  /** sqlite | postgres | memory */
  readonly provider: 'sqlite' | 'postgres' | 'memory';
  /** Teacher accounts' storage (server/accounts); absent: no accounts (nobody ever signs in). */
  readonly auth?: AuthStore;
  close(): Promise<void>;
}

/** A stored run or progress row as the campaign's progress rule (engine/progress.ts) sees it. */
export function levelRecord(runId: string, score: number, stars: number, finishedAt: Date): LevelRecord {
  return { runId, bestScore: score, stars, finishedAt: finishedAt.getTime() };
}

/** Ranking order shared by every implementation: higher score, then earlier finish, then id (stable). */
export function better(a: { score: number; finishedAt: Date; id: string }, b: { score: number; finishedAt: Date; id: string }): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const ta = a.finishedAt.getTime();
  const tb = b.finishedAt.getTime();
  if (ta !== tb) return ta < tb;
  return a.id < b.id;
}
