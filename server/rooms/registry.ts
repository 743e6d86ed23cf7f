import { BOT_NAMES, loadScenario, parseScenario, type BotName, type GameState, type Scenario } from '../engine';
import { MAX_PLAYERS_LIMIT, type RoomKind, type ScenarioRef } from '../protocol';
import { systemClock, type Clock } from './clock';
import type { BaselineSource, Checkpoint, CheckpointReplayer, CheckpointSink, PublishedScenarios, RunSink } from './ports';
import { refuse, type Result } from './result';
import { checkpointRunIds, DEFAULT_ROOM_CONFIG, Room, silentLogger, type Logger, type RoomConfig, type RoomListener, type Seat } from './room';
import { evenPhases } from './phases';
import { hashToken, newId, newJoinCode, newToken } from './tokens';

/** Where built-in scenarios come from (files, the database, a generator). */
export interface ScenarioCatalog {
  get(slug: string): Scenario | undefined;
}

export interface RegistryOptions {
  runSink: RunSink;
  scenarios: ScenarioCatalog;
  /** Published scenarios (`{ published: slug }` refs); none: such refs are unknown. */
  published?: PublishedScenarios;
  checkpoints?: CheckpointSink;
  clock?: Clock;
  config?: Partial<RoomConfig>;
  logger?: Logger;
  /** Clock phases in [0, 1) (see phases.ts); default evenPhases(), spread evenly from a random start. */
  random?: () => number;
  /** How many rooms, from whom, and for how long (defaults: DEFAULT_ROOM_CAPS). */
  caps?: Partial<RoomCaps>;
  /** Rounds' baselines computed ahead off the event loop (the server's worker pool); none: at each round's end. */
  baselines?: BaselineSource;
}

/**
 * What rooms may pile up, and from whom. A room is live until it ends; an ended
 * room stays readable (results, resync) for a while but gives way to a new room.
 */
export interface RoomCaps {
  /** Rooms of every kind at once, ended ones included; past it an ended room is dropped first, else room/too-many. */
  maxRooms: number;
  /**
   * Live rooms created from one network address (room/address-limit). A school
   * behind one NAT address is one address: a few teachers, each with a class
   * and a room or two prepared ahead.
   */
  roomsPerAddress: number;
  /** Live rooms one host (one host token: see createRoom) holds at once (room/host-limit). */
  roomsPerHost: number;
  /**
   * A live room with no join, resume, game action or host command for this long
   * is swept, whatever sockets stay open: a lobby is dropped, a round in play is
   * ended (its runs saved, incomplete). A running round counts as activity while
   * one of its players is connected.
   */
  idleRoomTtlMs: number;
  /** How often idle rooms are looked for (a timer runs while any room exists). */
  sweepEveryMs: number;
  /** Ended rooms stay readable (results, resync) this long, then are dropped. */
  endedRoomTtlMs: number;
}

export const DEFAULT_ROOM_CAPS: RoomCaps = {
  maxRooms: 1000,
  roomsPerAddress: 20,
  roomsPerHost: 5,
  idleRoomTtlMs: 30 * 60_000,
  sweepEveryMs: 60_000,
  endedRoomTtlMs: 10 * 60_000,
};

const noListener: RoomListener = { frame() {}, roomState() {}, standings() {}, runEnded() {}, kicked() {} };

export interface RestoreOptions {
  /** Replays the checkpoints' runs (the server's worker pool), away from the live rooms. */
  replayer: CheckpointReplayer;
  /** At most this many rooms come back, the most recently saved first (default 100); the rest are ended. */
  maxRooms?: number;
}

export interface RestoreReport {
  restored: string[];
  /** Not restored, by code, and why (over the cap, an invalid scenario, a replay that failed or ran too long). */
  skipped: { code: string; reason: string }[];
}

export interface CreateOptions {
  scenario: ScenarioRef;
  seed?: number;
  bot?: BotName;
}

/** Who asks for a room: what the caps count. */
export interface RoomOwner {
  /** The network address the request came from (counted by roomsPerAddress); none: not counted (tests, tools). */
  address?: string;
  /**
   * A host token this host already holds: when it is the host token of a live
   * room, the new room takes the same one (one host, several rooms, counted by
   * roomsPerHost). Anything else is ignored and the room gets a fresh token, so
   * every host token is one the server made.
   */
  hostToken?: string;
  /** The signed-in teacher's account id (the transport resolved the session; rooms keep only the id). */
  accountId?: string | null;
}

/** All live rooms, by id and by join code. Hands out codes and tokens. */
export class RoomRegistry {
  private readonly byIdMap = new Map<string, Room>();
  private readonly byCodeMap = new Map<string, Room>();
  private readonly cleanup = new Map<string, () => void>();
  /** Room id -> the address it was created from (rooms resumed from a checkpoint have none). */
  private readonly origins = new Map<string, string>();
  private cancelSweep: (() => void) | null = null;
  /** Codes of checkpointed rooms being replayed in the background (restoreInBackground). */
  private readonly restoring = new Set<string>();
  readonly clock: Clock;
  readonly config: RoomConfig;
  readonly caps: RoomCaps;
  private readonly logger: Logger;
  /** Set by the transport; rooms report through it. */
  listener: RoomListener = noListener;

  /** Every room's clock phase comes from one sequence, so rooms spread over the tick period together. */
  private readonly phases: () => number;

  constructor(private readonly options: RegistryOptions) {
    this.clock = options.clock ?? systemClock;
    this.config = { ...DEFAULT_ROOM_CONFIG, ...options.config };
    this.caps = { ...DEFAULT_ROOM_CAPS, ...options.caps };
    this.logger = options.logger ?? silentLogger;
    this.phases = options.random ?? evenPhases();
  }

  get size(): number {
    return this.byIdMap.size;
  }

  rooms(): IterableIterator<Room> {
    return this.byIdMap.values();
  }

  byId(id: string): Room | undefined {
    return this.byIdMap.get(id);
  }

  byCode(code: string): Room | undefined {
    return this.byCodeMap.get(code.toUpperCase());
  }

  /** A room that comes back after a restart but is not replayed yet: its code is taken, joining waits. */
  isRestoring(code: string): boolean {
    return this.restoring.has(code.toUpperCase());
  }

  /**
   * A published scenario's ref turned into its file, when `accountId` may host it (the port
   * decides); any other ref is answered as it is. The room then plays that exact file, and
   * storage records the version it is (found by content).
   */
  async resolvePublished(ref: ScenarioRef, accountId: string | null): Promise<Result<ScenarioRef>> {
    if (!('published' in ref)) return { ok: true, value: ref };
    const found = this.options.published ? await this.options.published.forHost(ref.published, accountId) : { ok: false as const };
    return found.ok ? { ok: true, value: { json: found.scenario } } : refuse('scenario/unknown', ref.published);
  }

  resolveScenario(ref: ScenarioRef): Result<Scenario> {
    // Resolved by the transport first (resolvePublished): one reaching here was not.
    if ('published' in ref) return refuse('scenario/unknown', ref.published);
    if ('slug' in ref) {
      const s = this.options.scenarios.get(ref.slug);
      return s ? { ok: true, value: s } : refuse('scenario/unknown', ref.slug);
    }
    const parsed = parseScenario(ref.json);
    if (!parsed.ok) return refuse('scenario/invalid', parsed.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; '));
    return { ok: true, value: parsed.value };
  }

  /**
   * A new room, if the caps allow: per host (the token it proves, see RoomOwner),
   * per address, then server-wide. Idle rooms are swept first, and at the
   * server-wide cap the longest-ended room gives way.
   */
  createRoom(opts: CreateOptions & { kind: RoomKind; maxPlayers?: number }, owner: RoomOwner = {}): Result<{ room: Room; hostToken: string }> {
    this.sweepIdle();
    const caps = this.caps;
    const live = this.live();
    // Hashed once, compared as hashes (a hash compared early-out tells nothing about the token).
    const presented = owner.hostToken !== undefined ? hashToken(owner.hostToken) : undefined;
    const known = presented !== undefined && live.some((r) => r.hostTokenHash === presented);
    const hostToken = known ? owner.hostToken! : newToken();
    const hostTokenHash = known ? presented : hashToken(hostToken);
    const hosted = live.filter((r) => r.hostTokenHash === hostTokenHash).length;
    if (hosted >= caps.roomsPerHost) return refuse('room/host-limit', `one host holds at most ${caps.roomsPerHost} rooms at once`);
    if (owner.address !== undefined) {
      const fromAddress = live.filter((r) => this.origins.get(r.id) === owner.address).length;
      if (fromAddress >= caps.roomsPerAddress) return refuse('room/address-limit', `one network address holds at most ${caps.roomsPerAddress} rooms at once`);
    }
    const full = this.byIdMap.size >= caps.maxRooms;
    if (full && !this.oldestEnded()) return refuse('room/too-many');
    const scenario = this.resolveScenario(opts.scenario);
    if (!scenario.ok) return scenario;
    // At the server-wide cap, the room that ended longest ago makes way (its runs are stored; only its live view goes).
    if (full) this.remove(this.oldestEnded()!);
    const room = this.instantiate({
      id: newId('r'), code: this.freshCode(), kind: opts.kind, scenario: scenario.value,
      seed: opts.seed ?? scenario.value.seed, bot: opts.bot ?? scenario.value.balancer,
      maxPlayers: Math.min(opts.maxPlayers ?? 40, MAX_PLAYERS_LIMIT), hostTokenHash, ownerAccountId: owner.accountId ?? null,
    });
    if (owner.address !== undefined) this.origins.set(room.id, owner.address);
    // A lobby is checkpointed too: after a restart, or on another process after this one died,
    // the class finds its room, seats and tokens before the round ever started.
    room.checkpointSoon();
    return { ok: true, value: { room, hostToken } };
  }

  /**
   * Another round in `room` (see Room.nextRound): the host's scenario reference is
   * resolved like a new room's; absent, the current scenario is played again. Seed and
   * balancer default to the scenario's own.
   */
  nextRound(room: Room, hostToken: string, opts: { scenario?: ScenarioRef; seed?: number; bot?: BotName }): Result<{ round: number }> {
    const scenario = opts.scenario ? this.resolveScenario(opts.scenario) : { ok: true as const, value: room.scenario };
    if (!scenario.ok) return scenario;
    return room.nextRound(hostToken, { scenario: scenario.value, seed: opts.seed ?? scenario.value.seed, bot: opts.bot ?? scenario.value.balancer });
  }

  join(code: string, nick: string): Result<{ room: Room; seat: Seat; playerToken: string }> {
    const room = this.byCode(code);
    if (!room) return refuse('room/not-found');
    const playerToken = newToken();
    const seat = room.addSeat(nick, hashToken(playerToken));
    if (!seat.ok) return seat;
    return { ok: true, value: { room, seat: seat.value, playerToken } };
  }

  /** Rooms not ended: what the per-host and per-address caps count (at most maxRooms, so a walk is cheap). */
  private live(): Room[] {
    return [...this.byIdMap.values()].filter((r) => r.status !== 'ended');
  }

  private oldestEnded(): Room | undefined {
    let oldest: Room | undefined;
    for (const r of this.byIdMap.values()) if (r.status === 'ended' && (!oldest || (r.endedAt ?? 0) < (oldest.endedAt ?? 0))) oldest = r;
    return oldest;
  }

  /**
   * Sweeps live rooms idle for idleRoomTtlMs (Room.idleSince): a lobby is dropped,
   * a round in play is ended (runs saved, incomplete; the ended room is dropped
   * later like any other). Open sockets do not keep a room: only use does. Runs on
   * a timer while any room exists, and before each creation.
   */
  sweepIdle(): number {
    const cutoff = this.clock.now() - this.caps.idleRoomTtlMs;
    let n = 0;
    for (const room of [...this.byIdMap.values()]) {
      if (room.status === 'ended' || !room.idleSince(cutoff)) continue;
      this.logger.info('idle room swept', { room: room.code, status: room.status });
      if (room.status === 'lobby') {
        this.remove(room);
        // Its checkpoint must not bring it back after a restart (the drop also ends its stored room).
        this.options.checkpoints?.dropCheckpoint?.(room.code).catch((e) => this.logger.error('checkpoint drop failed', { room: room.code, error: String(e) }));
      } else room.expire();
      n++;
    }
    return n;
  }

  /** Keeps one sweep timer armed while rooms exist; none when the registry is empty. */
  private armSweep(): void {
    if (this.cancelSweep || this.byIdMap.size === 0) return;
    this.cancelSweep = this.clock.setTimer(this.caps.sweepEveryMs, () => {
      this.cancelSweep = null;
      this.sweepIdle();
      this.armSweep();
    });
  }

  /**
   * Brings back a race or co-op room from its last checkpoint (after a server
   * restart): same code, seats and tokens; runs replayed to the checkpoint tick, here
   * on the event loop unless `replayed` has them (restoreInBackground).
   */
  resumeFromCheckpoint(cp: Checkpoint, replayed?: ReadonlyMap<string, GameState>): Result<Room> {
    if (this.byCodeMap.has(cp.roomCode) || this.byIdMap.has(cp.roomId)) return refuse('room/started', 'room already live');
    if (!(BOT_NAMES as readonly string[]).includes(cp.bot)) return refuse('scenario/invalid', 'bot');
    let scenario: Scenario;
    try {
      scenario = loadScenario(cp.scenario);
    } catch (e) {
      return refuse('scenario/invalid', String(e));
    }
    const room = this.instantiate({ id: cp.roomId, code: cp.roomCode, kind: cp.kind, scenario, seed: cp.seed, bot: cp.bot, maxPlayers: cp.maxPlayers, hostTokenHash: cp.hostTokenHash, ownerAccountId: cp.ownerAccountId ?? null });
    room.restore(cp, replayed);
    return { ok: true, value: room };
  }

  /**
   * Brings back rooms from their checkpoints after a restart without holding up the
   * server: call it after listening. Each room's runs are replayed by `replayer` (off
   * the event loop), one room at a time, the most recently saved first; until its
   * replay is done a room's code answers `room/restoring`. At most `maxRooms` come
   * back; the older ones, and any whose replay fails, are not restored and their
   * checkpoints are dropped (the room is ended).
   */
  async restoreInBackground(checkpoints: readonly Checkpoint[], options: RestoreOptions): Promise<RestoreReport> {
    const report: RestoreReport = { restored: [], skipped: [] };
    const newestFirst = [...checkpoints].sort((a, b) => b.savedAt.getTime() - a.savedAt.getTime());
    const cap = options.maxRooms ?? 100;
    const chosen = newestFirst.slice(0, cap);
    const skip = (cp: Checkpoint, reason: string) => {
      report.skipped.push({ code: cp.roomCode, reason });
      this.logger.info('room not resumed', { room: cp.roomCode, reason });
      this.options.checkpoints?.dropCheckpoint?.(cp.roomCode).catch((e) => this.logger.error('checkpoint drop failed', { room: cp.roomCode, error: String(e) }));
    };
    for (const cp of newestFirst.slice(cap)) skip(cp, `over the restore cap (${cap} rooms, the most recently saved first)`);
    const pending = chosen.filter((cp) => !this.byCodeMap.has(cp.roomCode) && !this.byIdMap.has(cp.roomId));
    for (const cp of pending) this.restoring.add(cp.roomCode);
    for (const cp of pending) {
      try {
        const replayed = new Map<string, GameState>();
        await Promise.all(checkpointRunIds(cp).map(async (id) => {
          replayed.set(id, await options.replayer.replay({ scenario: cp.scenario, seed: cp.seed, bot: cp.bot, log: cp.logs[id] ?? [], tick: cp.tick }));
        }));
        this.restoring.delete(cp.roomCode);
        const r = this.resumeFromCheckpoint(cp, replayed);
        if (r.ok) {
          report.restored.push(cp.roomCode);
          this.logger.info('room resumed from checkpoint', { room: cp.roomCode, tick: cp.tick });
        } else skip(cp, r.detail ? `${r.reason}: ${r.detail}` : r.reason);
      } catch (e) {
        this.restoring.delete(cp.roomCode);
        skip(cp, `replay failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return report;
  }

  private instantiate(init: ConstructorParameters<typeof Room>[0]): Room {
    const forward: RoomListener = {
      frame: (r, f) => this.listener.frame(r, f),
      roomState: (r) => {
        if (r.status === 'ended') this.scheduleCleanup(r);
        else this.cancelCleanup(r);
        this.listener.roomState(r);
      },
      standings: (r, s) => this.listener.standings(r, s),
      runEnded: (r, e) => this.listener.runEnded(r, e),
      kicked: (r, seatId) => this.listener.kicked(r, seatId),
    };
    const room = new Room(init, { clock: this.clock, config: this.config, listener: forward, runSink: this.options.runSink, ...(this.options.checkpoints ? { checkpoints: this.options.checkpoints } : {}), random: this.phases, logger: this.logger, ...(this.options.baselines ? { baselines: this.options.baselines } : {}) });
    this.byIdMap.set(room.id, room);
    this.byCodeMap.set(room.code, room);
    this.armSweep();
    this.logger.info('room created', { room: room.code, kind: room.kind, scenario: room.scenario.slug });
    return room;
  }

  private scheduleCleanup(room: Room): void {
    if (this.cleanup.has(room.id)) return;
    this.cleanup.set(room.id, this.clock.setTimer(this.caps.endedRoomTtlMs, () => {
      this.cleanup.delete(room.id);
      if (room.deserted) this.remove(room);
      else this.scheduleCleanup(room);
    }));
  }

  /** A room that ended started another round: it stays. */
  private cancelCleanup(room: Room): void {
    const cancel = this.cleanup.get(room.id);
    if (!cancel) return;
    cancel();
    this.cleanup.delete(room.id);
  }

  remove(room: Room): void {
    room.dispose();
    this.cleanup.get(room.id)?.();
    this.cleanup.delete(room.id);
    this.byIdMap.delete(room.id);
    this.origins.delete(room.id);
    if (this.byCodeMap.get(room.code) === room) this.byCodeMap.delete(room.code);
    if (this.byIdMap.size === 0) {
      this.cancelSweep?.();
      this.cancelSweep = null;
    }
  }

  /** Saves a last checkpoint of every room in play (before a planned shutdown). */
  async flushCheckpoints(): Promise<void> {
    await Promise.all([...this.byIdMap.values()].map((r) => r.flushCheckpoint()));
  }

  /** Stops every room's clock (shutdown). */
  close(): void {
    for (const room of [...this.byIdMap.values()]) this.remove(room);
  }

  private freshCode(): string {
    for (;;) {
      const code = newJoinCode();
      if (!this.byCodeMap.has(code) && !this.restoring.has(code)) return code;
    }
  }
}
