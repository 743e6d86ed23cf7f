import { scenarioToJson, type Action, type BotName, type Scenario, type ScenarioInput } from '../engine';
import {
  HISTORY_TICKS, MAX_ROUNDS, PROTOCOL_VERSION, type ControlOp, type Frame, type Role, type RoomInfo, type RoomKind, type RoomStatus,
  type RoomView, type RoundResult, type RunEnd, type SeatInfo, type Standings, type StandingRow, type TeamResult,
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

/** The shared run's id in co-op rooms (in round 1; see runIdFor). */
export const MAIN_RUN = 'main';

/**
 * A run's id: its seat (race) or MAIN_RUN (co-op), qualified by the round after the
 * first, so a client never mistakes a new round's run for the old one (versions restart).
 */
export function runIdFor(base: string, round: number): string {
  return round <= 1 ? base : `${base}.r${round}`;
}

/** What a new round is played on (the registry resolves the host's choice). */
export interface RoundSetup {
  scenario: Scenario;
  seed: number;
  bot: BotName;
}

/**
 * A room: one or more runs of the same scenario and seed, stepped in lockstep by
 * one tick scheduler. It knows nothing of sockets; it answers with Results and
 * reports through a RoomListener.
 */
export class Room {
  readonly id: string;
  readonly code: string;
  readonly kind: RoomKind;
  /** The current round's scenario, seed and balancer (a new round may change them). */
  scenario: Scenario;
  scenarioJson: ScenarioInput;
  seed: number;
  bot: BotName;
  readonly maxPlayers: number;
  private readonly hostTokenHash: string;
  /** The round being played (or last played), from 1. */
  round = 1;
  /** Every finished round, oldest first. */
  readonly rounds: RoundResult[] = [];
  /**
   * Seats the host removed during the current round: out of the room (their token is
   * refused), but their result stays in this round's standings, marked and unranked.
   */
  readonly removed = new Map<string, Seat>();

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
  /** Clock time of the last join, connection change, action or command (idle rooms are swept). */
  lastActivity: number;

  constructor(init: RoomInit, private readonly deps: RoomDeps) {
    this.id = init.id;
    this.code = init.code;
    this.kind = init.kind;
    this.scenario = init.scenario;
    this.scenarioJson = scenarioToJson(init.scenario);
    this.seed = init.seed;
    this.bot = init.bot;
    this.maxPlayers = init.maxPlayers;
    this.hostTokenHash = init.hostTokenHash;
    this.scheduler = new TickScheduler(deps.clock, (n) => this.advance(n));
    this.lastActivity = deps.clock.now();
    // Co-op shows the shared machine from the start (the lobby shows tick 0).
    if (this.kind === 'coop') this.addRun(new Run(this.mainRunId, this.scenario, this.seed, this.bot));
  }

  /** The shared co-op run's id this round. */
  get mainRunId(): string {
    return runIdFor(MAIN_RUN, this.round);
  }

  /** The id of the run a seat plays this round (race: its own; co-op: the shared one). */
  runIdOf(seatId: string): string {
    return this.kind === 'race' ? runIdFor(seatId, this.round) : this.mainRunId;
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

  /** Nobody is connected: no host, no player, no spectator. */
  get deserted(): boolean {
    if (this.hostConnections > 0 || this.spectators > 0) return false;
    for (const s of this.seats.values()) if (s.connections > 0) return false;
    return true;
  }

  hostDelta(delta: 1 | -1): void {
    this.touch();
    this.hostConnections = Math.max(0, this.hostConnections + delta);
  }

  setConnected(seatId: string, delta: 1 | -1): void {
    this.touch();
    const seat = this.seats.get(seatId);
    if (!seat) return;
    const was = seat.connections > 0;
    seat.connections = Math.max(0, seat.connections + delta);
    if (was !== seat.connections > 0) this.deps.listener.roomState(this);
  }

  spectatorDelta(delta: 1 | -1): void {
    this.touch();
    this.spectators = Math.max(0, this.spectators + delta);
    this.deps.listener.roomState(this);
  }

  /** The run a seat plays (race: its own; co-op: the shared one). */
  runOf(seatId: string): Run | undefined {
    return this.runs.get(this.runIdOf(seatId));
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
    const r = run.submit(move, seat.nick, this.kind === 'coop' ? seat.cpus : undefined);
    if (r.ok && this.status === 'paused') {
      // A paused room writes no periodic checkpoints: what the player was told "ok" must survive a crash.
      void this.saveCheckpoint();
      // Nor does it send frames: the plan must show now (to the whole team in co-op), not at the next tick.
      this.sendFrame(run);
    }
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
      for (const seat of this.seats.values()) this.addRun(new Run(this.runIdOf(seat.id), this.scenario, this.seed, this.bot, seat.id));
    }
    if (this.kind === 'coop') this.dealCpus();
    this.status = run ? 'running' : 'paused';
    if (run) this.scheduler.start(this.rate(), this.phase());
    this.deps.listener.roomState(this);
    this.emitStandings();
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

  /**
   * Removes a seat: its token is refused from now on. In the lobby it simply goes; once
   * the round started its result stays in the round (its race run plays on with the
   * balancer alone), listed as removed and unranked, and in the saved results.
   */
  private kick(seatId: string): Result {
    const seat = this.seats.get(seatId);
    if (!seat) return refuse('seat/not-found');
    this.seats.delete(seatId);
    this.kickedTokens.add(seat.tokenHash);
    if (this.status !== 'lobby') this.removed.set(seat.id, { ...seat, connections: 0 });
    if (this.kind === 'coop' && this.status !== 'lobby') {
      // Nobody must be left without an owner for the kicked seat's CPUs.
      const orphans = seat.cpus;
      const seats = [...this.seats.values()].sort((a, b) => a.order - b.order);
      orphans.forEach((cpu, i) => {
        if (seats.length) seats[i % seats.length].cpus.push(cpu);
      });
      for (const s of seats) s.cpus.sort((a, b) => a - b);
      // The kicked seat's waiting moves and plans go with it; the others carry their new CPUs.
      this.runs.get(this.mainRunId)?.reown(seat.nick);
      this.reownAll();
    }
    this.deps.listener.kicked(this, seatId);
    this.deps.listener.roomState(this);
    if (this.status !== 'lobby') this.emitStandings();
    return ok();
  }

  /** Co-op: every seat's waiting moves and plans carry the CPUs it owns now (see Session.reown). */
  private reownAll(): void {
    const run = this.runs.get(this.mainRunId);
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
      if (always || due) this.sendFrame(run);
    }
    if (now - this.lastStandingsAt >= this.deps.config.standingsEveryMs || this.status !== 'running') this.emitStandings();
    if (over) {
      this.end(true);
      return;
    }
    if (now - this.lastCheckpointAt >= this.deps.config.checkpointEveryMs) void this.saveCheckpoint();
  }

  private sendFrame(run: Run): void {
    const frame = run.frame(this.id);
    this.histories.get(run.id)?.record(frame);
    this.deps.listener.frame(this, frame);
  }

  private end(complete: boolean): void {
    this.scheduler.stop();
    const wasPlaying = this.status !== 'lobby';
    this.status = 'ended';
    this.endedAt = this.deps.clock.now();
    if (wasPlaying) {
      const final = this.standings();
      this.rounds.push({
        round: this.round, kind: this.kind, scenarioSlug: this.scenario.slug, title: this.scenario.title, seed: this.seed, bot: this.bot,
        ticks: this.tick, duration: this.scenario.duration, rows: final.rows, ...(final.team ? { team: final.team } : {}),
      });
      this.emitStandings(final);
      for (const run of this.runs.values()) this.finishRun(run, complete);
    }
    this.deps.listener.roomState(this);
    this.deps.checkpoints?.dropCheckpoint?.(this.code).catch((e) => this.deps.logger.error('checkpoint drop failed', { room: this.code, error: String(e) }));
  }

  private finishRun(run: Run, complete: boolean): void {
    const r = run.result();
    const seat = run.seatId !== undefined ? this.seats.get(run.seatId) ?? this.removed.get(run.seatId) : undefined;
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
      round: this.round,
      ...(seat && seat.nick ? { playerNick: seat.nick, playerId: seat.id, tokenHash: seat.tokenHash, removed: this.removed.has(seat.id) } : {}),
      ...(this.kind === 'coop' ? { players: this.roundSeats().map((s) => ({ nick: s.nick, seatId: s.id, tokenHash: s.tokenHash, removed: this.removed.has(s.id) })) } : {}),
      endedAt: new Date(),
    };
    this.deps.runSink.saveFinishedRun(saved).catch((e) => this.deps.logger.error('saving a run failed', { room: this.code, run: run.id, error: String(e) }));
  }

  /** Stops the clock for good (server shutdown, room cleanup); nothing is saved. */
  dispose(): void {
    this.scheduler.stop();
  }

  // ---- rounds ------------------------------------------------------------

  /**
   * Another round in this room, once the current one ended: back to the lobby on
   * `setup`, with the same seats and tokens (nobody rejoins; newcomers may join the
   * lobby unless it is locked). Earlier rounds' results stay in `rounds`. A host who
   * ended a lobby without playing gets the same round number again.
   */
  nextRound(hostToken: string, setup: RoundSetup): Result<{ round: number }> {
    if (!this.isHost(hostToken)) return refuse('auth/not-host');
    if (this.status !== 'ended') return refuse('round/in-progress');
    const played = this.rounds.at(-1)?.round === this.round;
    if (played && this.round >= MAX_ROUNDS) return refuse('round/too-many', `a room keeps ${MAX_ROUNDS} rounds`);
    this.touch();
    if (played) this.round++;
    this.scenario = setup.scenario;
    this.scenarioJson = scenarioToJson(setup.scenario);
    this.seed = setup.seed;
    this.bot = setup.bot;
    this.status = 'lobby';
    this.tick = 0;
    this.endedAt = null;
    this.removed.clear();
    this.runs.clear();
    this.histories.clear();
    this.lastStandingsAt = -Infinity;
    // CPUs are dealt again at the start (the new scenario may have another count).
    for (const s of this.seats.values()) {
      s.cpus = [];
      s.playing = false;
    }
    if (this.kind === 'coop') this.addRun(new Run(this.mainRunId, this.scenario, this.seed, this.bot));
    this.deps.listener.roomState(this);
    // A lobby between rounds is checkpointed: a restart keeps the class's seats and results.
    void this.saveCheckpoint();
    return { ok: true, value: { round: this.round } };
  }

  /** The seats of this round: present ones, then those removed during it, in join order. */
  private roundSeats(): Seat[] {
    return [...this.seats.values(), ...this.removed.values()].sort((a, b) => a.order - b.order);
  }

  // ---- views -------------------------------------------------------------

  /**
   * The round's standings (protocol/ranking.ts). Race: each seat's run. Co-op: the
   * team's one result, repeated on every seat's row (they all tie). Removed seats keep
   * their result, unranked. Empty in the lobby: nobody has a result yet.
   */
  standings(): Standings {
    const base = { roomId: this.id, tick: this.tick, round: this.round };
    if (this.status === 'lobby') return { ...base, rows: [] };
    const rows: Omit<StandingRow, 'rank'>[] = [];
    const team = this.kind === 'coop' ? this.teamResult() : undefined;
    for (const seat of this.roundSeats()) {
      const removed = this.removed.has(seat.id);
      const figures = team ?? this.figures(this.runs.get(this.runIdOf(seat.id)));
      if (!figures) continue;
      rows.push({ seatId: seat.id, nick: seat.nick, connected: !removed && seat.connections > 0, ...figures, ...(removed ? { removed: true } : {}) });
    }
    return { ...base, rows: rankStandings(rows), ...(team ? { team } : {}) };
  }

  private figures(run: Run | undefined): TeamResult | undefined {
    if (!run) return undefined;
    const st = run.stats();
    return { score: st.score, met: st.met, missed: st.missed, stranded: st.stranded };
  }

  private teamResult(): TeamResult {
    return this.figures(this.runs.get(this.mainRunId)) ?? { score: 0, met: 0, missed: 0, stranded: 0 };
  }

  private emitStandings(s: Standings = this.standings()): void {
    this.lastStandingsAt = this.deps.clock.now();
    this.deps.listener.standings(this, s);
  }

  info(): RoomInfo {
    const seats: SeatInfo[] = [...this.seats.values()].sort((a, b) => a.order - b.order)
      .map((s) => ({ seatId: s.id, nick: s.nick, connected: s.connections > 0, cpus: [...s.cpus] }));
    return {
      roomId: this.id, code: this.code, kind: this.kind, status: this.status, locked: this.locked, speed: this.speed,
      ticksPerSecond: this.deps.config.ticksPerSecond, tick: this.tick, duration: this.scenario.duration,
      scenarioSlug: this.scenario.slug, seed: this.seed, bot: this.bot, round: this.round, maxPlayers: this.maxPlayers, seats, spectators: this.spectators,
    };
  }

  /** The full picture for one client: its role, and the run it should see (its own, the followed seat's, or the shared one). */
  view(role: Role, seatId?: string, followSeatId?: string): RoomView {
    const seen = role === 'player' ? seatId : followSeatId;
    const runId = this.kind === 'coop' ? this.mainRunId : seen !== undefined ? this.runIdOf(seen) : undefined;
    const run = runId !== undefined ? this.runs.get(runId) : undefined;
    const history = runId !== undefined ? this.histories.get(runId) : undefined;
    return {
      protocol: PROTOCOL_VERSION,
      room: this.info(),
      scenario: this.scenarioJson,
      you: { role, ...(seatId !== undefined ? { seatId } : {}) },
      ...(run ? { run: run.view(), history: history?.view() ?? { since: run.state.tick, frames: [] } } : {}),
      standings: this.standings(),
      rounds: this.rounds.map((r) => structuredClone(r)),
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
      round: this.round,
      rounds: this.rounds.map((r) => structuredClone(r)),
      seats: this.roundSeats()
        .map((s) => ({ seatId: s.id, nick: s.nick, tokenHash: s.tokenHash, cpus: [...s.cpus], playing: s.playing, ...(this.removed.has(s.id) ? { removed: true } : {}) })),
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
    this.round = cp.round ?? 1;
    this.rounds.push(...(cp.rounds ?? []).map((r) => structuredClone(r)));
    for (const s of cp.seats) {
      const order = Number(s.seatId.slice(1)) || ++this.seatCounter;
      this.seatCounter = Math.max(this.seatCounter, order);
      const seat: Seat = { id: s.seatId, nick: s.nick, key: s.nick.toLowerCase(), tokenHash: s.tokenHash, cpus: [...s.cpus], connections: 0, order, playing: s.playing };
      if (s.removed) {
        this.removed.set(seat.id, seat);
        this.kickedTokens.add(seat.tokenHash);
      } else {
        this.seats.set(seat.id, seat);
      }
    }
    // The constructor made round 1's shared run; a later round's is named for its round.
    if (this.kind === 'coop' && !this.runs.has(this.mainRunId)) {
      this.runs.clear();
      this.histories.clear();
      this.addRun(new Run(this.mainRunId, this.scenario, this.seed, this.bot));
    }
    if (cp.status === 'lobby') return;
    if (this.kind === 'race') {
      for (const s of cp.seats) if (s.playing) this.addRun(new Run(this.runIdOf(s.seatId), this.scenario, this.seed, this.bot, s.seatId));
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
