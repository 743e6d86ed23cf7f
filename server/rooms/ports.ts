import type { Action, Baselines, BotName, GameState, MetricsSummary, ScenarioInput } from '../engine';
import type { RoomKind, RoundResult, StorageReason } from '../protocol';

/**
 * What rooms hand to storage. Rooms know these interfaces only; the database
 * adapters (server/db) implement them and the composition root passes them in.
 */

/** A run that ended: everything needed to replay and verify it (simulate(scenario, {seed, bot, actions})). */
export interface FinishedRun {
  /**
   * This finished run's stable id (`<room id>/<run id>`): storage's idempotency key, so a write
   * retried after a failure (or after a restart) never stores it twice.
   */
  key: string;
  kind: RoomKind;
  scenarioSlug: string;
  scenario: ScenarioInput;
  seed: number;
  bot: BotName;
  /** Exactly what the room passed to step(), tick-stamped, in order. */
  actions: Action[];
  /** Ticks run: the scenario's duration unless the host ended the round early. */
  ticks: number;
  /** False when the host ended the round early (then the hash is of the partial state, not replayable by simulate()). */
  complete: boolean;
  finalHash: string;
  score: number;
  metrics: MetricsSummary;
  roomCode?: string;
  /** The room's round this run was played in (from 1). */
  round?: number;
  /** The player's nickname (race); co-op lists everyone in `players`. */
  playerNick?: string;
  /** Stable per-room seat id. */
  playerId?: string;
  /** Race: the host removed this player during the round (the result is kept, marked). */
  removed?: boolean;
  /** Co-op: every seat of the round, the removed ones marked (the team's run is each one's result). */
  players?: TeamSeat[];
  /** sha256 of the seat's player token: lets storage credit the run to a returning player. */
  tokenHash?: string;
  endedAt: Date;
}

/** How a finished run's write went, told to its room (the host sees runs not stored yet). */
export type RunWrite =
  /** The write failed: the run is kept (on disk) and retried. */
  | { state: 'kept'; reason: StorageReason; error: string }
  /** Written to the database (after an earlier 'kept', or at once). */
  | { state: 'stored' };

export interface TeamSeat {
  nick: string;
  seatId: string;
  /** sha256 of the seat's player token: the same player identity as in a race. */
  tokenHash: string;
  removed: boolean;
}

export interface RunSink {
  /**
   * Stores a finished run; resolves once it is in the database. A sink that keeps runs and
   * retries (server/db/outbox.ts) tells `report` when a write failed and the run is kept
   * ('kept'), and when it is written ('stored').
   */
  saveFinishedRun(run: FinishedRun, report?: (w: RunWrite) => void): Promise<void>;
}

export interface CheckpointSeat {
  seatId: string;
  nick: string;
  /** sha256 of the player token (the token itself is never stored). */
  tokenHash: string;
  cpus: number[];
  /** Whether the seat has a run (race seats that joined before the start). */
  playing: boolean;
  /** Removed by the host during the current round: out of the room, its result kept. */
  removed?: boolean;
}

/** Enough to rebuild a race or co-op room after a restart: replay seed + logs up to `tick`. */
export interface Checkpoint {
  roomId: string;
  roomCode: string;
  kind: RoomKind;
  scenarioSlug: string;
  scenario: ScenarioInput;
  seed: number;
  bot: BotName;
  tick: number;
  status: 'lobby' | 'running' | 'paused' | 'ended';
  locked: boolean;
  speed: number;
  maxPlayers: number;
  hostTokenHash: string;
  /** The signed-in teacher who hosted the room (an account id only; class history), absent for an anonymous host. */
  ownerAccountId?: string;
  /** The current round (absent in checkpoints written before rounds: 1). */
  round?: number;
  /** The room's finished rounds, for its results table. */
  rounds?: RoundResult[];
  seats: CheckpointSeat[];
  /** Per run id (the seat id in a race, "main" otherwise), the actions applied so far. */
  logs: Record<string, Action[]>;
  /**
   * Per run id, the moves and wakeup plans accepted but not applied yet (players
   * were told "ok"). Absent in checkpoints written before plans were kept.
   */
  queued?: Record<string, Action[]>;
  /**
   * Written as the round ends, while its runs are being verified and stored: after a
   * crash the room is rebuilt and ended again the same way (ended early or not), so its
   * finished runs are stored rather than lost. Absent while the round is in play.
   */
  ending?: { complete: boolean };
  savedAt: Date;
}

export interface CheckpointSink {
  saveCheckpoint(cp: Checkpoint): Promise<void>;
  /** The room is over: its checkpoint may be dropped. */
  dropCheckpoint?(roomCode: string): Promise<void>;
}

/** What each bot alone scores on a round's scenario and seed over `ticks` ticks (engine baselineScores). */
export interface BaselineInput {
  scenario: ScenarioInput;
  seed: number;
  ticks: number;
}

/**
 * Computes a round's baselines away from the rooms' event loop (the server's worker pool). A
 * room asks at the start of a round, for the whole duration, and uses the answer at its end:
 * computed there, the bots' runs of 50 rooms ending together held every room's frames up.
 */
export type BaselineSource = (input: BaselineInput) => Promise<Baselines>;

/** In-memory sinks for tests and for running without a database. */
export class MemoryRunSink implements RunSink {
  readonly runs: FinishedRun[] = [];
  async saveFinishedRun(run: FinishedRun): Promise<void> {
    this.runs.push(structuredClone(run));
  }
}

export class MemoryCheckpointSink implements CheckpointSink {
  readonly latest = new Map<string, Checkpoint>();
  saves = 0;
  async saveCheckpoint(cp: Checkpoint): Promise<void> {
    this.saves++;
    this.latest.set(cp.roomCode, structuredClone(cp));
  }
  async dropCheckpoint(roomCode: string): Promise<void> {
    this.latest.delete(roomCode);
  }
}

/**
 * Published scenarios a room may be started on (server/db/published-catalog.ts implements it).
 * Rooms know no accounts: the transport resolves the host's session and passes its account id.
 */
export interface PublishedScenarios {
  /**
   * The file of the published scenario's current version, when `accountId` (null: nobody signed
   * in) may host it; a scenario the caller may not host is answered as unknown (it may not see it).
   */
  forHost(slug: string, accountId: string | null): Promise<{ ok: true; scenario: ScenarioInput } | { ok: false }>;
}

/** One run of a checkpoint to rebuild: replayed with its log up to `tick`. */
export interface ReplayRequest {
  scenario: ScenarioInput;
  seed: number;
  bot: BotName;
  log: readonly Action[];
  tick: number;
}

/**
 * Replays checkpointed runs away from the rooms' event loop (the server's worker pool),
 * so rooms restored after a restart cost the live rooms nothing. Rejects when it could
 * not (time budget, memory): that room is not restored.
 */
export interface CheckpointReplayer {
  replay(request: ReplayRequest): Promise<GameState>;
}
