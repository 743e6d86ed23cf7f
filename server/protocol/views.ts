import type { BotName, CpuView, GameEvent, LiveRates, LiveStats, ScenarioInput, TaskProgress } from '../engine';
import type { ProtocolVersion } from './version';
import type { RoomKind } from './schemas';

/**
 * What the server sends: plain JSON data. Nicknames and task ids are data; the
 * client renders them as text (React escapes), never as HTML.
 */

export type RoomStatus = 'lobby' | 'running' | 'paused' | 'ended';
export type Role = 'host' | 'player' | 'spectator';

export interface SeatInfo {
  seatId: string;
  nick: string;
  connected: boolean;
  /** Co-op: the CPUs this seat may act on (tasks sitting on them). Empty elsewhere. */
  cpus: number[];
}

/** Room-level facts, re-sent whole (it is small) on every change as `room:state`. */
/** Why the server could not write to its database: it did not answer in time, or it failed (a full disk, a lost connection). */
export const STORAGE_REASONS = ['storage/timeout', 'storage/failed'] as const;
export type StorageReason = (typeof STORAGE_REASONS)[number];

/**
 * Finished runs of this room that the server could not write to its database yet. They are
 * kept on the server's disk and written as soon as the database accepts them (then this goes).
 */
export interface RoomStorage {
  unsaved: number;
  reason: StorageReason;
}

export interface RoomInfo {
  roomId: string;
  code: string;
  kind: RoomKind;
  status: RoomStatus;
  locked: boolean;
  /** Playback speed multiplier, 0.25 to 8. */
  speed: number;
  /** Ticks per real second at 1x. */
  ticksPerSecond: number;
  /** Ticks run so far (the next tick to run); all runs of a room are in lockstep. */
  tick: number;
  duration: number;
  scenarioSlug: string;
  /**
   * Present once the round is over (status `ended`), never before: with the seed
   * every future release could be computed. Then a run is verifiable by anyone:
   * simulate(scenario with this seed, { seed, bot, actions }).
   */
  seed?: number;
  /** Once the round is over (and if it ran): each bot's score alone on this scenario and seed, over the ticks the round ran. */
  baselines?: Partial<Record<BotName, number>>;
  bot: BotName;
  /** The round being played (or last played), from 1; a new round keeps the seats. */
  round: number;
  maxPlayers: number;
  seats: SeatInfo[];
  spectators: number;
  /** Present while some of the room's finished runs are not in the database yet (a storage failure). */
  storage?: RoomStorage;
}

/** The small per-run figures shown live (the whole MetricsSummary arrives at run end): the engine's LiveStats. */
export type RunStats = LiveStats;

/** An engine event stamped with the tick it happened in. */
export type FrameEvent = GameEvent & { tick: number };

/** What a client holds of a run: everything a frame updates (frames.ts runs it on between frames). */
export interface RunPicture {
  /** Ticks run so far: the run's state.tick (actions stamped with tick t show from tick t+1 on). */
  tick: number;
  cpus: CpuView[];
  pinned: { task: string; cpu: number }[];
  /** Sleeping tasks that wake within the next ticks, soonest first (a `place` for one is kept until it wakes). */
  incoming: { task: string; at: number }[];
  /** This run's wakeup placements chosen ahead, not applied yet. */
  plans: { task: string; cpu: number }[];
  /** Each runnable task's head job: segments, how far, deadline (the board's chips draw it). */
  progress: Record<string, TaskProgress>;
  stats: RunStats;
  /** How the growing figures grow per tick while nothing happens (frames.ts runs the picture on with them). */
  rates: LiveRates;
}

/**
 * A whole frame of a run (the wire carries a WireFrame: frames.ts; FrameAssembler makes it
 * whole). `version` counts the frames of this run: a client that sees anything but last+1
 * missed a frame and must ask `room:resync`.
 */
export interface Frame extends RunPicture {
  roomId: string;
  runId: string;
  version: number;
  events: FrameEvent[];
}

/** A past frame, as much as a timeline needs to redraw it: the events of its ticks and the machine after them. */
export interface HistoryFrame {
  /** Ticks run when the frame was sent (its events are of ticks before this). */
  tick: number;
  events: FrameEvent[];
  cpus: CpuView[];
  pinned: { task: string; cpu: number }[];
}

/**
 * The run's recent frames, oldest first, so a client that missed frames (a gap, a
 * reload) rebuilds its timeline instead of starting it afresh. Bounded by the
 * server (the last N ticks, see RoomConfig.historyTicks): every event of the ticks
 * from `since` on is in `frames`; older ones are gone.
 */
export interface RunHistory {
  since: number;
  frames: HistoryFrame[];
}

export interface RunView extends RunPicture {
  runId: string;
  /** The seat that plays this run (race); absent for the shared co-op run. */
  seatId?: string;
  version: number;
  finished: boolean;
}

/**
 * One player's line. `rank` follows the one ranking rule (protocol/ranking.ts): ties
 * share a rank (1, 1, 1, 4); null for a player the host removed (listed, not ranked).
 */
export interface StandingRow {
  rank: number | null;
  seatId: string;
  nick: string;
  connected: boolean;
  score: number;
  met: number;
  missed: number;
  stranded: number;
  /** Removed by the host during the round: the result stays, marked, unranked. */
  removed?: boolean;
}

/** Co-op: the shared machine's figures, the one score the whole team gets. */
export interface TeamResult {
  score: number;
  met: number;
  missed: number;
  stranded: number;
}

/**
 * Standings, in rank order (protocol/ranking.ts). A race ranks each player's run; in
 * co-op every player shares the team's result, so `team` carries it once and each
 * row repeats it (all tied), which keeps totals over rounds per player.
 */
export interface Standings {
  roomId: string;
  tick: number;
  round: number;
  rows: StandingRow[];
  team?: TeamResult;
}

/** A finished round: its scenario and final standings, kept for the room's rounds table. */
export interface RoundResult {
  round: number;
  kind: RoomKind;
  scenarioSlug: string;
  title: string;
  seed: number;
  bot: BotName;
  /** Ticks played; fewer than `duration` when the host ended the round early. */
  ticks: number;
  duration: number;
  rows: StandingRow[];
  team?: TeamResult;
}

/** The full state a client needs to render from scratch (join, resume, resync). */
export interface RoomView {
  protocol: ProtocolVersion;
  room: RoomInfo;
  /** The scenario file; without its `seed` until the round is over (see RoomInfo.seed). */
  scenario: ScenarioInput;
  you: { role: Role; seatId?: string };
  /** Your run (player), the followed run (watcher in a race) or the shared run (co-op). */
  run?: RunView;
  /** The recent frames of `run` (present with it). */
  history?: RunHistory;
  standings?: Standings;
  /** Every finished round of this room, oldest first (the current one once it ended). */
  rounds: RoundResult[];
}

export interface RunEnd {
  roomId: string;
  runId: string;
  seatId?: string;
  /** False when the host ended the round before the scenario's duration. */
  complete: boolean;
  ticks: number;
  score: number;
  finalHash: string;
  stats: RunStats;
}

export type AckOk<T extends object = object> = { ok: true } & T;
export interface AckRefused<R extends string = string> {
  ok: false;
  reason: R;
  /** For people and logs only; clients branch on `reason`. */
  detail?: string;
}
export type Ack<T extends object = object, R extends string = string> = AckOk<T> | AckRefused<R>;
