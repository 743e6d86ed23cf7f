import { baselineScores, scenarioToJson, type Action, type Baselines, type BotName, type Scenario, type ScenarioInput } from '../engine';
import {
  HISTORY_TICKS, PROTOCOL_VERSION, type ControlOp, type Frame, type Role, type RoomInfo, type RoomKind, type RoomStatus,
  type RoomView, type RunEnd, type SeatInfo, type Standings, type StandingRow,
} from '../protocol';
import { TickScheduler, type Clock } from './clock';
import { FrameHistory } from './history';
import type { Checkpoint, CheckpointSink, FinishedRun, RunSink } from './ports';
import { refuse, type Result } from './result';
import { rankStandings } from './standings';
import { Run, type PlayerMove } from './run';
import { tokenMatches } from './tokens';

export interface RoomConfig {
  /** Simulation rate at 1x. */
  ticksPerSecond: number;
  /** Send a run's frame every this many ticks (1: every tick); the last tick always gets one. */
  frameEvery: number;
  /**
   * A run with no new events sends a frame only every this many ticks (>= frameEvery).
   * Moves always make events, so a player's own move is never delayed by this; the
   * client extrapolates the tick between frames. 1: a frame every tick regardless.
   */
  quietFrameEvery: number;
  /** Race standings are broadcast at most this often. */
  standingsEveryMs: number;
  /** Race and co-op rooms are checkpointed at least this often while running. */
  checkpointEveryMs: number;
  /**
   * Start each room's clock at a random phase within one tick period, so rooms
   * started together do not all tick (and send every frame) at the same instant:
   * the server's work is spread over the period instead of queued in one burst.
   */
  spreadPhases: boolean;
  /**
   * Each run keeps its frames of the last this many ticks, sent with every view so
   * a client rebuilds its timeline after a gap or a reload (default HISTORY_TICKS).
   */
  historyTicks: number;
}

export const DEFAULT_ROOM_CONFIG: RoomConfig = {
  ticksPerSecond: 10,
  frameEvery: 1,
  quietFrameEvery: 1,
  standingsEveryMs: 1000,
  checkpointEveryMs: 1000,
  spreadPhases: true,
  historyTicks: HISTORY_TICKS,
};

/** How a room tells the outside world what happened; the transport implements it. */
export interface RoomListener {
  frame(room: Room, frame: Frame): void;
  roomState(room: Room): void;
  standings(room: Room, s: Standings): void;
  runEnded(room: Room, e: RunEnd): void;
  kicked(room: Room, seatId: string): void;
}

export interface Logger {
  info(msg: string, data?: object): void;
  error(msg: string, data?: object): void;
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

export interface RoomDeps {
  clock: Clock;
  config: RoomConfig;
  listener: RoomListener;
  runSink: RunSink;
  checkpoints?: CheckpointSink;
  logger: Logger;
  /** Uniform [0, 1) for clock phases (tests pass a fixed sequence). */
  random?: () => number;
}

export interface RoomInit {
  id: string;
  code: string;
  kind: RoomKind;
  scenario: Scenario;
  seed: number;
  bot: BotName;
  maxPlayers: number;
  hostTokenHash: string;
}

export interface Seat {
  id: string;
  nick: string;
  /** Case-folded nick: uniqueness is case-insensitive. */
  key: string;
  tokenHash: string;
  /** Co-op: CPUs this seat acts on. */
  cpus: number[];
  /** Open sockets holding this seat (a player may have two tabs). */
  connections: number;
  order: number;
  /** Whether the seat was in the room when the round started (race: it has a run). */
  playing: boolean;
}

/** The shared run's id in co-op rooms. */
export const MAIN_RUN = 'main';

/**
 * A room: one or more runs of the same scenario and seed, stepped in lockstep by
 * one tick scheduler. It knows nothing of sockets; it answers with Results and
 * reports through a RoomListener.
 */
export class Room {
  readonly id: string;
  readonly code: string;
  readonly kind: RoomKind;
  readonly scenario: Scenario;
  readonly scenarioJson: ScenarioInput;
  readonly seed: number;
  readonly bot: BotName;
  readonly maxPlayers: number;
  /** The host's identity: one host may hold several rooms under one token (registry.ts counts them). */
  readonly hostTokenHash: string;
  /**
   * The scenario file as players see it while the round is on: no seed. With the
   * seed, the engine's PRNG gives every sporadic release and every drawn length
   * in advance; without it, frames announce wakeups only within the horizon.
   */
  private readonly scenarioWithoutSeed: ScenarioInput;
  /** What each bot alone scores over the ticks this round ran: computed when it ends, sent with the seed. */
  private baselines: Baselines | null = null;

  status: RoomStatus = 'lobby';
  locked = false;
  speed = 1;
  tick = 0;
  spectators = 0;
  readonly seats = new Map<string, Seat>();
  readonly runs = new Map<string, Run>();
  /** Per run id: its recent frames, for views. */
  private readonly histories = new Map<string, FrameHistory>();
  private readonly kickedTokens = new Set<string>();
  private seatCounter = 0;
  private lastStandingsAt = -Infinity;
  private lastCheckpointAt = -Infinity;
  private readonly scheduler: TickScheduler;
  endedAt: number | null = null;
  /** Sockets that proved the host token and are still connected. */
  hostConnections = 0;
  /**
   * Clock time of the last join, resume, game action or host command (registry.ts
   * sweeps rooms idle too long). Open sockets alone are not activity: a room held
   * open by an idle socket is swept like any other.
   */
  lastActivity: number;

  constructor(init: RoomInit, private readonly deps: RoomDeps) {
    this.id = init.id;
    this.code = init.code;
    this.kind = init.kind;
    this.scenario = init.scenario;
    this.scenarioJson = scenarioToJson(init.scenario);
    const { seed: _hidden, ...withoutSeed } = this.scenarioJson;
    this.scenarioWithoutSeed = withoutSeed;
    this.seed = init.seed;
    this.bot = init.bot;
    this.maxPlayers = init.maxPlayers;
    this.hostTokenHash = init.hostTokenHash;
    this.scheduler = new TickScheduler(deps.clock, (n) => this.advance(n));
    this.lastActivity = deps.clock.now();
    // Co-op shows the shared machine from the start (the lobby shows tick 0).
    if (this.kind === 'coop') this.addRun(new Run(MAIN_RUN, this.scenario, this.seed, this.bot));
  }

  // ---- identity ----------------------------------------------------------

  isHost(token: string): boolean {
    return tokenMatches(token, this.hostTokenHash);
  }

  seatByToken(token: string): Seat | undefined {
    for (const seat of this.seats.values()) if (tokenMatches(token, seat.tokenHash)) return seat;
    return undefined;
  }

  wasKicked(token: string): boolean {
    for (const h of this.kickedTokens) if (tokenMatches(token, h)) return true;
    return false;
  }

  // ---- seats ---------------------------------------------------------------

  /** Adds a player (nick already schema-checked). Lobby only: later arrivals watch. */
  addSeat(nick: string, tokenHash: string): Result<Seat> {
    if (this.status === 'ended') return refuse('room/ended');
    if (this.status !== 'lobby') return refuse('room/started');
    if (this.locked) return refuse('room/locked');
    if (this.seats.size >= this.maxPlayers) return refuse('room/full');
    this.touch();
    const key = nick.toLowerCase();
    for (const s of this.seats.values()) if (s.key === key) return refuse('nick/taken');
    const seat: Seat = { id: `s${++this.seatCounter}`, nick, key, tokenHash, cpus: [], connections: 0, order: this.seatCounter, playing: false };
    this.seats.set(seat.id, seat);
    this.deps.listener.roomState(this);
    return { ok: true, value: seat };
  }

  private touch(): void {
    this.lastActivity = this.deps.clock.now();
  }

  /** Someone proved a role in the room (a resume with a host or seat token): the room is in use. */
  markActive(): void {
    this.touch();
  }

  /** Seats with at least one open socket. */
  get playersOnline(): number {
    let n = 0;
    for (const s of this.seats.values()) if (s.connections > 0) n++;
    return n;
  }

  /**
   * Whether nothing happened here since `cutoff`: no join, resume, action or host
   * command. A running round with a player connected is in use whatever its age
   * (people are watching their machine); with no player connected it is not.
   */
  idleSince(cutoff: number): boolean {
    if (this.status === 'running' && this.playersOnline > 0) return false;
    return this.lastActivity <= cutoff;
  }

  hostDelta(delta: 1 | -1): void {
    this.hostConnections = Math.max(0, this.hostConnections + delta);
  }

  setConnected(seatId: string, delta: 1 | -1): void {
    const seat = this.seats.get(seatId);
    if (!seat) return;
    const was = seat.connections > 0;
    seat.connections = Math.max(0, seat.connections + delta);
    if (was === seat.connections > 0) return;
    // The last player leaving a running round starts its idle time now, not at the last move.
    if (this.status === 'running' && this.playersOnline === 0) this.touch();
    this.deps.listener.roomState(this);
  }

  spectatorDelta(delta: 1 | -1): void {
    this.spectators = Math.max(0, this.spectators + delta);
    this.deps.listener.roomState(this);
  }

  /** The run a seat plays (race: its own; co-op: the shared one). */
  runOf(seatId: string): Run | undefined {
    return this.kind === 'race' ? this.runs.get(seatId) : this.runs.get(MAIN_RUN);
  }

  private addRun(run: Run): void {
    this.runs.set(run.id, run);
    this.histories.set(run.id, new FrameHistory(this.deps.config.historyTicks, run.state.tick));
  }

  // ---- player actions ----------------------------------------------------

  act(seatId: string, move: PlayerMove): Result<{ tick: number; type: 'migrate' | 'place' }> {
    const seat = this.seats.get(seatId);
    if (!seat) return refuse('auth/not-player');
    if (this.status === 'ended') return refuse('room/ended');
    if (this.status === 'lobby') return refuse('room/not-running');
    const run = this.runOf(seatId);
    if (!run) return refuse('auth/not-player', 'this seat joined after the start');
    this.touch();
    const r = run.submit(move, seat.nick, this.kind === 'coop' ? seat.cpus : undefined);
    // A paused room writes no periodic checkpoints: what the player was told "ok" must survive a crash.
    if (r.ok && this.status === 'paused') void this.saveCheckpoint();
    return r;
  }

  // ---- host control ------------------------------------------------------

  control(hostToken: string, op: ControlOp): Result {
    if (!this.isHost(hostToken)) return refuse('auth/not-host');
    if (this.status === 'ended') return refuse('room/ended');
    this.touch();
    switch (op.op) {
      case 'start':
        if (this.status !== 'lobby') return refuse('room/started');
        this.start();
        return ok();
      case 'pause':
        if (this.status !== 'running') return refuse('room/not-running');
        this.scheduler.stop();
        this.status = 'paused';
        this.deps.listener.roomState(this);
        void this.saveCheckpoint();
        return ok();
      case 'resume':
        if (this.status !== 'paused') return refuse('control/not-paused');
        this.status = 'running';
        this.scheduler.start(this.rate(), this.phase());
        this.deps.listener.roomState(this);
        return ok();
      case 'step':
        if (this.kind === 'race') return refuse('room/wrong-kind', 'single-step would split a race');
        if (this.status === 'running') return refuse('control/not-paused');
        if (this.status === 'lobby') this.start(false);
        this.advance(1);
        return ok();
      case 'speed':
        this.speed = op.speed;
        if (this.status === 'running') this.scheduler.start(this.rate());
        this.deps.listener.roomState(this);
        return ok();
      case 'end':
        this.end(false);
        return ok();
      case 'lock':
        this.locked = op.locked;
        this.deps.listener.roomState(this);
        return ok();
      case 'kick':
        return this.kick(op.seatId);
      case 'assign':
        if (this.kind !== 'coop') return refuse('room/wrong-kind');
        return this.assign(op.cpu, op.seatId);
    }
  }

  private phase(): number {
    return this.deps.config.spreadPhases ? (this.deps.random ?? Math.random)() * (1000 / this.rate()) : 0;
  }

  private rate(): number {
    return this.deps.config.ticksPerSecond * this.speed;
  }

  /** Leaves the lobby: race seats get their private copies; co-op CPUs are dealt out. */
  private start(run = true): void {
    for (const seat of this.seats.values()) seat.playing = true;
    if (this.kind === 'race') {
      for (const seat of this.seats.values()) this.addRun(new Run(seat.id, this.scenario, this.seed, this.bot, seat.id));
    }
    if (this.kind === 'coop') this.dealCpus();
    this.status = run ? 'running' : 'paused';
    if (run) this.scheduler.start(this.rate(), this.phase());
    this.deps.listener.roomState(this);
    if (this.kind === 'race') this.emitStandings();
    void this.saveCheckpoint();
  }

  /** Round-robin, in join order, over the CPUs the host has not assigned. */
  private dealCpus(): void {
    const seats = [...this.seats.values()].sort((a, b) => a.order - b.order);
    if (seats.length === 0) return;
    const taken = new Set(seats.flatMap((s) => s.cpus));
    let i = 0;
    for (let cpu = 0; cpu < this.scenario.cpus; cpu++) {
      if (taken.has(cpu)) continue;
      seats[i % seats.length].cpus.push(cpu);
      i++;
    }
    for (const s of seats) s.cpus.sort((a, b) => a - b);
  }

  private assign(cpu: number, seatId: string): Result {
    const seat = this.seats.get(seatId);
    if (!seat) return refuse('seat/not-found');
    if (cpu >= this.scenario.cpus) return refuse('action/unknown-cpu');
    for (const s of this.seats.values()) s.cpus = s.cpus.filter((c) => c !== cpu);
    seat.cpus = [...seat.cpus, cpu].sort((a, b) => a - b);
    this.reownAll();
    this.deps.listener.roomState(this);
    return ok();
  }

  private kick(seatId: string): Result {
    const seat = this.seats.get(seatId);
    if (!seat) return refuse('seat/not-found');
    this.seats.delete(seatId);
    this.kickedTokens.add(seat.tokenHash);
    if (this.kind === 'race') {
      this.runs.delete(seatId);
      this.histories.delete(seatId);
    }
    if (this.kind === 'coop' && this.status !== 'lobby') {
      // Nobody must be left without an owner for the kicked seat's CPUs.
      const orphans = seat.cpus;
      const seats = [...this.seats.values()].sort((a, b) => a.order - b.order);
      orphans.forEach((cpu, i) => {
        if (seats.length) seats[i % seats.length].cpus.push(cpu);
      });
      for (const s of seats) s.cpus.sort((a, b) => a - b);
      // The kicked seat's waiting moves and plans go with it; the others carry their new CPUs.
      this.runs.get(MAIN_RUN)?.reown(seat.nick);
      this.reownAll();
    }
    this.deps.listener.kicked(this, seatId);
    this.deps.listener.roomState(this);
    if (this.kind === 'race' && this.status !== 'lobby') this.emitStandings();
    return ok();
  }

  /** Co-op: every seat's waiting moves and plans carry the CPUs it owns now (see Session.reown). */
  private reownAll(): void {
    const run = this.runs.get(MAIN_RUN);
    if (!run) return;
    for (const s of this.seats.values()) run.reown(s.nick, s.cpus);
  }

  // ---- the clock ---------------------------------------------------------

  /** Runs `n` ticks on every run, then reports frames, standings and checkpoints. */
  private advance(n: number): void {
    const duration = this.scenario.duration;
    let ran = 0;
    for (; ran < n && this.tick < duration; ran++) {
      for (const run of this.runs.values()) run.stepOnce();
      this.tick++;
    }
    const over = this.tick >= duration;
    const now = this.deps.clock.now();
    const { frameEvery, quietFrameEvery } = this.deps.config;
    const always = over || this.status !== 'running';
    for (const run of this.runs.values()) {
      const due = run.ticksSinceFrame >= (run.hasNews() ? frameEvery : Math.max(frameEvery, quietFrameEvery));
      if (!always && !due) continue;
      const frame = run.frame(this.id);
      this.histories.get(run.id)?.record(frame);
      this.deps.listener.frame(this, frame);
    }
    if (this.kind === 'race' && (now - this.lastStandingsAt >= this.deps.config.standingsEveryMs || this.status !== 'running')) this.emitStandings();
    if (over) {
      this.end(true);
      return;
    }
    if (now - this.lastCheckpointAt >= this.deps.config.checkpointEveryMs) void this.saveCheckpoint();
  }

  /** The round ends as if the host had ended it (runs saved, incomplete): the registry found the room idle. */
  expire(): void {
    if (this.status !== 'ended') this.end(false);
  }

  private end(complete: boolean): void {
    this.scheduler.stop();
    const wasPlaying = this.status !== 'lobby';
    this.status = 'ended';
    this.endedAt = this.deps.clock.now();
    if (wasPlaying) {
      // Each bot alone over the same ticks (a round ended early is measured over what it ran), computed
      // here once the round is over so the seed never reaches a player during it. The cost, one run per
      // bot, is bounded by the ticks actually played, like the verification of the players' runs.
      if (this.tick > 0) this.baselines = baselineScores(this.scenario, this.seed, undefined, this.tick);
      if (this.kind === 'race') this.emitStandings();
      for (const run of this.runs.values()) this.finishRun(run, complete);
    }
    this.deps.listener.roomState(this);
    this.deps.checkpoints?.dropCheckpoint?.(this.code).catch((e) => this.deps.logger.error('checkpoint drop failed', { room: this.code, error: String(e) }));
  }

  private finishRun(run: Run, complete: boolean): void {
    const r = run.result();
    const seat = run.seatId !== undefined ? this.seats.get(run.seatId) : undefined;
    const ended: RunEnd = {
      roomId: this.id, runId: run.id, ...(run.seatId !== undefined ? { seatId: run.seatId } : {}),
      complete: complete && run.finished, ticks: run.state.tick, score: r.score, finalHash: r.finalHash, stats: run.stats(),
    };
    this.deps.listener.runEnded(this, ended);
    if (run.state.tick === 0) return; // nothing was played: nothing to keep
    const saved: FinishedRun = {
      kind: this.kind,
      scenarioSlug: this.scenario.slug,
      scenario: this.scenarioJson,
      seed: this.seed,
      bot: this.bot,
      actions: run.log.map((a) => ({ ...a })),
      ticks: run.state.tick,
      complete: ended.complete,
      finalHash: r.finalHash,
      score: r.score,
      metrics: r.metrics,
      roomCode: this.code,
      ...(seat && seat.nick ? { playerNick: seat.nick, playerId: seat.id, tokenHash: seat.tokenHash } : {}),
      ...(this.kind === 'coop' ? { players: [...this.seats.values()].map((s) => s.nick) } : {}),
      endedAt: new Date(),
    };
    this.deps.runSink.saveFinishedRun(saved).catch((e) => this.deps.logger.error('saving a run failed', { room: this.code, run: run.id, error: String(e) }));
  }

  /** Stops the clock for good (server shutdown, room cleanup); nothing is saved. */
  dispose(): void {
    this.scheduler.stop();
  }

  // ---- views -------------------------------------------------------------

  standings(): Standings {
    const rows: Omit<StandingRow, 'rank'>[] = [];
    const seats = [...this.seats.values()].sort((a, b) => a.order - b.order);
    for (const seat of seats) {
      const run = this.runs.get(seat.id);
      if (this.status !== 'lobby' && !run) continue;
      const st = run?.stats();
      rows.push({ seatId: seat.id, nick: seat.nick, connected: seat.connections > 0, score: st?.score ?? 0, met: st?.met ?? 0, missed: st?.missed ?? 0, stranded: st?.stranded ?? 0 });
    }
    return { roomId: this.id, tick: this.tick, rows: rankStandings(rows) };
  }

  private emitStandings(): void {
    this.lastStandingsAt = this.deps.clock.now();
    this.deps.listener.standings(this, this.standings());
  }

  info(): RoomInfo {
    const seats: SeatInfo[] = [...this.seats.values()].sort((a, b) => a.order - b.order)
      .map((s) => ({ seatId: s.id, nick: s.nick, connected: s.connections > 0, cpus: [...s.cpus] }));
    return {
      roomId: this.id, code: this.code, kind: this.kind, status: this.status, locked: this.locked, speed: this.speed,
      ticksPerSecond: this.deps.config.ticksPerSecond, tick: this.tick, duration: this.scenario.duration,
      scenarioSlug: this.scenario.slug, bot: this.bot, maxPlayers: this.maxPlayers, seats, spectators: this.spectators,
      // The seed only once the round is over: with it, every release to come can be computed.
      ...(this.status === 'ended' ? { seed: this.seed, ...(this.baselines ? { baselines: { ...this.baselines } } : {}) } : {}),
    };
  }

  /** The full picture for one client: its role, and the run it should see (its own, the followed one, or the shared one). */
  view(role: Role, seatId?: string, followRunId?: string): RoomView {
    const runId = this.kind === 'coop' ? MAIN_RUN : role === 'player' ? seatId : followRunId;
    const run = runId !== undefined ? this.runs.get(runId) : undefined;
    const history = runId !== undefined ? this.histories.get(runId) : undefined;
    return {
      protocol: PROTOCOL_VERSION,
      room: this.info(),
      scenario: this.status === 'ended' ? this.scenarioJson : this.scenarioWithoutSeed,
      you: { role, ...(seatId !== undefined ? { seatId } : {}) },
      ...(run ? { run: run.view(), history: history?.view() ?? { since: run.state.tick, frames: [] } } : {}),
      ...(this.kind === 'race' ? { standings: this.standings() } : {}),
    };
  }

  // ---- checkpoints -------------------------------------------------------

  checkpoint(): Checkpoint {
    const logs: Record<string, Action[]> = {};
    const queued: Record<string, Action[]> = {};
    for (const [id, run] of this.runs) {
      logs[id] = run.log.map((a) => ({ ...a }));
      if (run.queued.length > 0) queued[id] = run.queued.map((a) => ({ ...a }));
    }
    return {
      roomId: this.id, roomCode: this.code, kind: this.kind, scenarioSlug: this.scenario.slug, scenario: this.scenarioJson,
      seed: this.seed, bot: this.bot, tick: this.tick, status: this.status, locked: this.locked, speed: this.speed,
      maxPlayers: this.maxPlayers, hostTokenHash: this.hostTokenHash,
      seats: [...this.seats.values()].sort((a, b) => a.order - b.order)
        .map((s) => ({ seatId: s.id, nick: s.nick, tokenHash: s.tokenHash, cpus: [...s.cpus], playing: s.playing })),
      logs,
      queued,
      savedAt: new Date(),
    };
  }

  private saveCheckpoint(): Promise<void> {
    if (!this.deps.checkpoints || this.status === 'ended') return Promise.resolve();
    this.lastCheckpointAt = this.deps.clock.now();
    return this.deps.checkpoints.saveCheckpoint(this.checkpoint()).catch((e) => this.deps.logger.error('checkpoint failed', { room: this.code, error: String(e) }));
  }

  /** A last checkpoint before a planned shutdown (race and co-op rooms in play). */
  flushCheckpoint(): Promise<void> {
    return this.status === 'lobby' ? Promise.resolve() : this.saveCheckpoint();
  }

  /**
   * Rebuilds seats and runs from a checkpoint: each run replays the seed and its
   * action log up to the checkpoint's tick. A running room comes back paused
   * (players need time to reconnect); the host resumes it.
   */
  restore(cp: Checkpoint): void {
    this.locked = cp.locked;
    this.speed = cp.speed;
    for (const s of cp.seats) {
      const order = Number(s.seatId.slice(1)) || ++this.seatCounter;
      this.seatCounter = Math.max(this.seatCounter, order);
      this.seats.set(s.seatId, { id: s.seatId, nick: s.nick, key: s.nick.toLowerCase(), tokenHash: s.tokenHash, cpus: [...s.cpus], connections: 0, order, playing: s.playing });
    }
    if (cp.status === 'lobby') return;
    if (this.kind === 'race') {
      for (const s of cp.seats) if (s.playing) this.addRun(new Run(s.seatId, this.scenario, this.seed, this.bot, s.seatId));
    }
    for (const [id, run] of this.runs) {
      run.replayTo(cp.logs[id] ?? [], cp.tick, cp.queued?.[id]);
      // Replaying sends no frames: the history starts at the checkpoint.
      this.histories.set(id, new FrameHistory(this.deps.config.historyTicks, run.state.tick));
    }
    this.tick = cp.tick;
    this.status = cp.status === 'ended' ? 'ended' : 'paused';
  }
}

function ok(): Result {
  return { ok: true, value: {} };
}
