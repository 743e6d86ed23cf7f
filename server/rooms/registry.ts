import { BOT_NAMES, loadScenario, parseScenario, type BotName, type Scenario } from '../engine';
import { MAX_PLAYERS_LIMIT, type RoomKind, type ScenarioRef } from '../protocol';
import { systemClock, type Clock } from './clock';
import type { Checkpoint, CheckpointSink, RunSink } from './ports';
import { refuse, type Result } from './result';
import { DEFAULT_ROOM_CONFIG, Room, silentLogger, type Logger, type RoomConfig, type RoomListener, type Seat } from './room';
import { hashToken, newId, newJoinCode, newToken } from './tokens';

/** Where built-in scenarios come from (files, the database, a generator). */
export interface ScenarioCatalog {
  get(slug: string): Scenario | undefined;
}

export interface RegistryOptions {
  runSink: RunSink;
  scenarios: ScenarioCatalog;
  checkpoints?: CheckpointSink;
  clock?: Clock;
  config?: Partial<RoomConfig>;
  logger?: Logger;
  /** Refuse new rooms beyond this many (room/too-many). */
  maxRooms?: number;
  /**
   * Ended rooms stay readable (results, resync) this long after the last person
   * left, then are dropped; while anyone is connected (a host about to start another
   * round) the room stays.
   */
  endedRoomTtlMs?: number;
  /** Uniform [0, 1) for clock phases; default Math.random. */
  random?: () => number;
  /** A room not running, with nobody connected and no activity for this long, is dropped (default 30 min). */
  idleRoomTtlMs?: number;
}

const noListener: RoomListener = { frame() {}, roomState() {}, standings() {}, runEnded() {}, kicked() {} };

export interface CreateOptions {
  scenario: ScenarioRef;
  seed?: number;
  bot?: BotName;
}

/** All live rooms, by id and by join code. Hands out codes and tokens. */
export class RoomRegistry {
  private readonly byIdMap = new Map<string, Room>();
  private readonly byCodeMap = new Map<string, Room>();
  private readonly cleanup = new Map<string, () => void>();
  readonly clock: Clock;
  readonly config: RoomConfig;
  private readonly logger: Logger;
  /** Set by the transport; rooms report through it. */
  listener: RoomListener = noListener;

  constructor(private readonly options: RegistryOptions) {
    this.clock = options.clock ?? systemClock;
    this.config = { ...DEFAULT_ROOM_CONFIG, ...options.config };
    this.logger = options.logger ?? silentLogger;
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

  resolveScenario(ref: ScenarioRef): Result<Scenario> {
    if ('slug' in ref) {
      const s = this.options.scenarios.get(ref.slug);
      return s ? { ok: true, value: s } : refuse('scenario/unknown', ref.slug);
    }
    const parsed = parseScenario(ref.json);
    if (!parsed.ok) return refuse('scenario/invalid', parsed.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; '));
    return { ok: true, value: parsed.value };
  }

  createRoom(opts: CreateOptions & { kind: RoomKind; maxPlayers?: number }): Result<{ room: Room; hostToken: string }> {
    return this.make(opts.kind, opts, opts.maxPlayers ?? 40);
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

  /**
   * Drops abandoned rooms (created and left, or paused and deserted), so rooms
   * cannot pile up to maxRooms. Run lazily before each creation: no timer needed.
   */
  sweepIdle(): number {
    const cutoff = this.clock.now() - (this.options.idleRoomTtlMs ?? 30 * 60_000);
    let n = 0;
    for (const room of [...this.byIdMap.values()]) {
      if (room.status !== 'running' && room.deserted && room.lastActivity <= cutoff) {
        this.remove(room);
        n++;
      }
    }
    return n;
  }

  private make(kind: RoomKind, opts: CreateOptions, maxPlayers: number): Result<{ room: Room; hostToken: string }> {
    this.sweepIdle();
    if (this.byIdMap.size >= (this.options.maxRooms ?? 1000)) return refuse('room/too-many');
    const scenario = this.resolveScenario(opts.scenario);
    if (!scenario.ok) return scenario;
    const hostToken = newToken();
    const room = this.instantiate({
      id: newId('r'), code: this.freshCode(), kind, scenario: scenario.value,
      seed: opts.seed ?? scenario.value.seed, bot: opts.bot ?? scenario.value.balancer,
      maxPlayers: Math.min(maxPlayers, MAX_PLAYERS_LIMIT), hostTokenHash: hashToken(hostToken),
    });
    return { ok: true, value: { room, hostToken } };
  }

  /**
   * Brings back a race or co-op room from its last checkpoint (after a server
   * restart): same code, seats and tokens; runs replayed to the checkpoint tick.
   */
  resumeFromCheckpoint(cp: Checkpoint): Result<Room> {
    if (this.byCodeMap.has(cp.roomCode) || this.byIdMap.has(cp.roomId)) return refuse('room/started', 'room already live');
    if (!(BOT_NAMES as readonly string[]).includes(cp.bot)) return refuse('scenario/invalid', 'bot');
    let scenario: Scenario;
    try {
      scenario = loadScenario(cp.scenario);
    } catch (e) {
      return refuse('scenario/invalid', String(e));
    }
    const room = this.instantiate({ id: cp.roomId, code: cp.roomCode, kind: cp.kind, scenario, seed: cp.seed, bot: cp.bot, maxPlayers: cp.maxPlayers, hostTokenHash: cp.hostTokenHash });
    room.restore(cp);
    return { ok: true, value: room };
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
    const room = new Room(init, { clock: this.clock, config: this.config, listener: forward, runSink: this.options.runSink, ...(this.options.checkpoints ? { checkpoints: this.options.checkpoints } : {}), ...(this.options.random ? { random: this.options.random } : {}), logger: this.logger });
    this.byIdMap.set(room.id, room);
    this.byCodeMap.set(room.code, room);
    this.logger.info('room created', { room: room.code, kind: room.kind, scenario: room.scenario.slug });
    return room;
  }

  private scheduleCleanup(room: Room): void {
    if (this.cleanup.has(room.id)) return;
    this.cleanup.set(room.id, this.clock.setTimer(this.options.endedRoomTtlMs ?? 10 * 60_000, () => {
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
    if (this.byCodeMap.get(room.code) === room) this.byCodeMap.delete(room.code);
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
      if (!this.byCodeMap.has(code)) return code;
    }
  }
}
