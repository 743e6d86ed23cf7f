import { baselineScores, scenarioToJson, tickCost, type Action, type Baselines, type BotName, type GameState, type Scenario, type ScenarioInput } from '../engine';
import {
  HISTORY_TICKS, MAX_QUIET_TICKS, MAX_ROUNDS, PROTOCOL_VERSION, type ControlOp, type Role, type RoomInfo, type RoomKind, type RoomStatus,
  type RoomView, type RoundResult, type RunEnd, type SeatInfo, type Standings, type StandingRow, type StorageReason, type TeamResult, type WireFrame,
} from '../protocol';
import { TickScheduler, type Clock } from './clock';
import { FrameHistory } from './history';
import type { BaselineSource, Checkpoint, CheckpointSink, FinishedRun, RunSink, RunWrite } from './ports';
import { refuse, type Result } from './result';
import { rankStandings } from './standings';
import { Run, type PlayerMove } from './run';
import { tokenMatches } from './tokens';

export interface RoomConfig {
  /** Simulation rate at 1x. */
  ticksPerSecond: number;
  /**
   * A run with nothing new (no events, and its picture as the clients predict it:
   * protocol/frames.ts) sends a frame only every this many ticks, as a heartbeat; a tick
   * with news sends one at once, so a player's own move is never delayed by this. The
   * client runs its picture on in between. 1: a frame every tick regardless. At most
   * MAX_QUIET_TICKS (clients predict no further).
   */
  quietFrameEvery: number;
  /** Race standings are broadcast at most this often. */
  standingsEveryMs: number;
  /** Race and co-op rooms are checkpointed at least this often while running. */
  checkpointEveryMs: number;
  /**
   * A room not running (lobby, paused, between rounds) is checkpointed this long after a change
   * (created, a seat joined or was removed, settings): the changes of that while, a class joining
   * at once, make one write of the newest state, and at most one write per room is in flight.
   */
  checkpointDelayMs: number;
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
  /**
   * Simulation a room may run, in the size budget's units (engine limits.ts, tickCost) per
   * second of wall time: runs x ticksPerSecond x speed x the scenario's tick cost. A join
   * or a speed over it is refused (room/too-costly, naming what would fit).
   */
  loadBudget: number;
}

/**
 * The default room budget: 1,600,000 units a second, about 15% of one core at the worst
 * measured cost per unit (0.09 microseconds: the kernel bots on 64 CPUs), far less on
 * ordinary scenarios. A daily challenge (10 tasks) allows 40 players at 8x; the largest
 * machine (64 CPUs, 256 tasks) allows 9 players at 1x.
 */
export const ROOM_LOAD_BUDGET = 1_600_000;

export const DEFAULT_ROOM_CONFIG: RoomConfig = {
  ticksPerSecond: 10,
  quietFrameEvery: 5,
  standingsEveryMs: 1000,
  checkpointEveryMs: 1000,
  checkpointDelayMs: 200,
  spreadPhases: true,
  historyTicks: HISTORY_TICKS,
  loadBudget: ROOM_LOAD_BUDGET,
};

/** How a room tells the outside world what happened; the transport implements it. */
export interface RoomListener {
  /** A run's frame as sent: only what its clients cannot predict (protocol/frames.ts). */
  frame(room: Room, frame: WireFrame): void;
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
  /** The round's baselines computed ahead, off the event loop (none: computed when the round ends). */
  baselines?: BaselineSource;
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
  /** The signed-in teacher who hosted it (an account id, nothing else of the account); null: anonymous. */
  ownerAccountId?: string | null;
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
  /** The host's identity: one host may hold several rooms under one token (registry.ts counts them). */
  readonly hostTokenHash: string;
  /** The hosting teacher's account id (stored with the room for class history); null for an anonymous host. */
  readonly ownerAccountId: string | null;
  /**
   * The scenario file as players see it while the round is on: no seed. With the
   * seed, the engine's PRNG gives every sporadic release and every drawn length
   * in advance; without it, frames announce wakeups only within the horizon.
   */
  private scenarioWithoutSeed: ScenarioInput;
  /** What each bot alone scores over the ticks this round ran: computed when it ends, sent with the seed. */
  private baselines: Baselines | null = null;
  /** This round's baselines over its whole duration, once the source answered (see BaselineSource). */
  private baselinesAhead: { round: number; ticks: number; value: Baselines } | null = null;
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
  /** A change waiting to be checkpointed (checkpointSoon), its timer, and whether such a write is in flight. */
  private checkpointDirty = false;
  private checkpointTimer: (() => void) | null = null;
  private checkpointWriting = false;
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
  /** Finished runs whose write failed and that storage keeps retrying, by run key: the host is shown them. */
  private readonly unsaved = new Map<string, StorageReason>();
  private disposed = false;

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
    this.ownerAccountId = init.ownerAccountId ?? null;
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
    const costly = this.overBudget(this.kind === 'race' ? this.seats.size + 1 : 1, this.speed);
    if (costly) return costly;
    this.touch();
    const key = nick.toLowerCase();
    for (const s of this.seats.values()) if (s.key === key) return refuse('nick/taken');
    const seat: Seat = { id: `s${++this.seatCounter}`, nick, key, tokenHash, cpus: [], connections: 0, order: this.seatCounter, playing: false };
    this.seats.set(seat.id, seat);
    this.deps.listener.roomState(this);
    this.checkpointSoon();
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

  /** Nobody is connected (host, spectators, players): an ended room may then be dropped. */
  get deserted(): boolean {
    if (this.hostConnections > 0 || this.spectators > 0) return false;
    for (const s of this.seats.values()) if (s.connections > 0) return false;
    return true;
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
    this.touch();
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
        this.sendQuietFrames();
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
      case 'speed': {
        const costly = this.overBudget(this.runCount(), op.speed);
        if (costly) return costly;
        this.speed = op.speed;
        if (this.status === 'running') this.scheduler.start(this.rate());
        this.deps.listener.roomState(this);
        this.checkpointSoon();
        return ok();
      }
      case 'end':
        this.end(false);
        return ok();
      case 'lock':
        this.locked = op.locked;
        this.deps.listener.roomState(this);
        this.checkpointSoon();
        return ok();
      case 'kick':
        return this.kick(op.seatId);
      case 'assign':
        if (this.kind !== 'coop') return refuse('room/wrong-kind');
        return this.assign(op.cpu, op.seatId);
    }
  }

  // ---- the simulation budget ---------------------------------------------

  /** Runs this room steps (race: a seat each, from the start; co-op: the shared one). */
  private runCount(): number {
    if (this.kind === 'coop') return 1;
    return this.status === 'lobby' ? this.seats.size : this.runs.size;
  }

  /** Units per second (see RoomConfig.loadBudget) with `runs` runs at `speed`. */
  private loadOf(runs: number, speed: number): number {
    return runs * this.deps.config.ticksPerSecond * speed * tickCost(this.scenario);
  }

  /** A refusal naming the budget and what fits, when `runs` runs at `speed` exceed it. */
  private overBudget(runs: number, speed: number): { ok: false; reason: 'room/too-costly'; detail: string } | null {
    const budget = this.deps.config.loadBudget;
    const load = this.loadOf(runs, speed);
    if (load <= budget) return null;
    const perRun = this.loadOf(1, speed);
    const players = Math.floor(budget / perRun);
    const fastest = Math.floor((budget / this.loadOf(Math.max(1, runs), 1)) * 100) / 100;
    return {
      ok: false,
      reason: 'room/too-costly',
      detail: `${runs} run${runs === 1 ? '' : 's'} at speed ${speed} would simulate ${fmt(load)} units a second (runs x ${this.deps.config.ticksPerSecond} ticks/s x speed x ${fmt(tickCost(this.scenario))} per tick of this scenario), over the room budget of ${fmt(budget)}: at speed ${speed} this scenario allows ${players} player${players === 1 ? '' : 's'}; ${runs} run${runs === 1 ? '' : 's'} allow speed ${fastest} at most`,
    };
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
    this.computeBaselinesAhead();
  }

  /** Asks the source for this round's baselines over its whole duration (a round played to its end uses them). */
  private computeBaselinesAhead(): void {
    const source = this.deps.baselines;
    if (!source) return;
    const round = this.round;
    const ticks = this.scenario.duration;
    source({ scenario: this.scenarioJson, seed: this.seed, ticks }).then(
      (value) => {
        if (this.round === round) this.baselinesAhead = { round, ticks, value };
      },
      (e: unknown) => this.deps.logger.error('baselines ahead failed (computed at the end instead)', { room: this.code, error: String(e) }),
    );
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
    this.checkpointSoon();
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
    this.checkpointSoon();
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
    const quietEvery = Math.min(this.deps.config.quietFrameEvery, MAX_QUIET_TICKS);
    const always = over || this.status !== 'running';
    for (const run of this.runs.values()) {
      if (always || run.ticksSinceFrame >= quietEvery || run.hasNews()) this.sendFrame(run);
    }
    if (now - this.lastStandingsAt >= this.deps.config.standingsEveryMs || this.status !== 'running') this.emitStandings();
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

  /**
   * Frames for the runs whose last ticks were quiet: a paused or ended board stops running its
   * picture on, so it must hold the state itself, not the last frame's.
   */
  private sendQuietFrames(): void {
    for (const run of this.runs.values()) if (run.ticksSinceFrame > 0) this.sendFrame(run);
  }

  private sendFrame(run: Run): void {
    const { wire, full } = run.frame(this.id);
    this.histories.get(run.id)?.record(full);
    this.deps.listener.frame(this, wire);
  }

  private end(complete: boolean): void {
    this.scheduler.stop();
    this.sendQuietFrames();
    const wasPlaying = this.status !== 'lobby';
    // The runs are verified and stored after this (off the event loop, which takes a while):
    // until they are, a last checkpoint says the round ended, so a crash in between finishes
    // the room again after the restart instead of losing them (the drop below comes after the
    // saves: the sinks write one room's work in order).
    if (wasPlaying) void this.saveCheckpoint({ complete });
    this.status = 'ended';
    this.endedAt = this.deps.clock.now();
    if (wasPlaying) {
      // Each bot alone over the same ticks (a round ended early is measured over what it ran), published
      // only now so the seed's outcome never reaches a player during it: the answer computed ahead on
      // the worker pool for a round played to its end, else one run per bot here, bounded by the ticks played.
      if (this.tick > 0) {
        const ahead = this.baselinesAhead;
        this.baselines = ahead && ahead.round === this.round && ahead.ticks === this.tick ? ahead.value : baselineScores(this.scenario, this.seed, undefined, this.tick);
      }
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
      key: `${this.id}/${run.id}`,
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
    this.deps.runSink.saveFinishedRun(saved, (w) => this.runWrite(saved.key, w))
      .catch((e) => this.deps.logger.error('saving a run failed', { room: this.code, run: run.id, error: String(e) }));
  }

  /** Storage's news about a finished run: the room's info (and so the host) says how many are not stored yet. */
  private runWrite(key: string, w: RunWrite): void {
    // A room dropped from the registry has nobody left to tell.
    if (this.disposed) return;
    if (w.state === 'kept') this.unsaved.set(key, w.reason);
    else if (!this.unsaved.delete(key)) return;
    this.deps.listener.roomState(this);
  }

  /** Stops the clock for good (server shutdown, room cleanup); nothing is saved. */
  dispose(): void {
    this.disposed = true;
    this.scheduler.stop();
    this.checkpointTimer?.();
    this.checkpointTimer = null;
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
    // The new round's file as players see it while it is on: without its seed, as at creation.
    const { seed: _hidden, ...withoutSeed } = this.scenarioJson;
    this.scenarioWithoutSeed = withoutSeed;
    this.seed = setup.seed;
    this.baselines = null;
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
    // A lobby between rounds is checkpointed: a restart or a takeover keeps the class's seats and results.
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
      scenarioSlug: this.scenario.slug, bot: this.bot, round: this.round, maxPlayers: this.maxPlayers, seats, spectators: this.spectators,
      // The seed only once the round is over: with it, every release to come can be computed.
      ...(this.status === 'ended' ? { seed: this.seed, ...(this.baselines ? { baselines: { ...this.baselines } } : {}) } : {}),
      ...(this.unsaved.size > 0 ? { storage: { unsaved: this.unsaved.size, reason: [...this.unsaved.values()].at(-1)! } } : {}),
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
      scenario: this.status === 'ended' ? this.scenarioJson : this.scenarioWithoutSeed,
      you: { role, ...(seatId !== undefined ? { seatId } : {}) },
      ...(run ? { run: run.view(), history: history?.view() ?? { since: run.state.tick, frames: [] } } : {}),
      standings: this.standings(),
      rounds: this.rounds.map((r) => structuredClone(r)),
    };
  }

  // ---- checkpoints -------------------------------------------------------

  checkpoint(ending?: Checkpoint['ending']): Checkpoint {
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
      ...(this.ownerAccountId ? { ownerAccountId: this.ownerAccountId } : {}),
      round: this.round,
      rounds: this.rounds.map((r) => structuredClone(r)),
      seats: this.roundSeats()
        .map((s) => ({ seatId: s.id, nick: s.nick, tokenHash: s.tokenHash, cpus: [...s.cpus], playing: s.playing, ...(this.removed.has(s.id) ? { removed: true } : {}) })),
      logs,
      queued,
      ...(ending ? { ending } : {}),
      savedAt: new Date(),
    };
  }

  private saveCheckpoint(ending?: Checkpoint['ending']): Promise<void> {
    if (!this.deps.checkpoints || this.status === 'ended') return Promise.resolve();
    this.lastCheckpointAt = this.deps.clock.now();
    // This write holds every change so far: one waiting for checkpointSoon's timer is covered.
    this.checkpointDirty = false;
    this.checkpointTimer?.();
    this.checkpointTimer = null;
    return this.deps.checkpoints.saveCheckpoint(this.checkpoint(ending)).catch((e) => this.deps.logger.error('checkpoint failed', { room: this.code, error: String(e) }));
  }

  /**
   * Checkpoints a change of a room not running (its creation, seats, settings) soon: after
   * checkpointDelayMs, or once the write in flight lands, as one write of the state then, so a
   * burst of changes is one write and a later write always holds a newer state. Running rooms
   * are checkpointed by their clock (checkpointEveryMs) and skip this.
   */
  checkpointSoon(): void {
    if (!this.deps.checkpoints || this.disposed || this.status === 'ended' || this.status === 'running') return;
    this.checkpointDirty = true;
    if (this.checkpointTimer || this.checkpointWriting) return;
    this.checkpointTimer = this.deps.clock.setTimer(this.deps.config.checkpointDelayMs, () => {
      this.checkpointTimer = null;
      if (!this.checkpointDirty || this.disposed) return;
      this.checkpointWriting = true;
      void this.saveCheckpoint().finally(() => {
        this.checkpointWriting = false;
        // Changes made while it was on their way: one more write, of the state then.
        if (this.checkpointDirty) this.checkpointSoon();
      });
    });
  }

  /** A last checkpoint before a planned shutdown (every room not ended, lobbies too). */
  flushCheckpoint(): Promise<void> {
    return this.saveCheckpoint();
  }

  /**
   * Rebuilds seats and runs from a checkpoint: each run replays the seed and its
   * action log up to the checkpoint's tick (here, or given already replayed elsewhere
   * in `replayed`, by run id). A running room comes back paused
   * (players need time to reconnect); the host resumes it. A round that had ended
   * (`ending`) ends again at once, so its runs are stored.
   */
  restore(cp: Checkpoint, replayed?: ReadonlyMap<string, GameState>): void {
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
      const state = replayed?.get(id);
      if (state) run.adopt(state, cp.logs[id] ?? [], cp.queued?.[id]);
      else run.replayTo(cp.logs[id] ?? [], cp.tick, cp.queued?.[id]);
      // Replaying sends no frames: the history starts at the checkpoint.
      this.histories.set(id, new FrameHistory(this.deps.config.historyTicks, run.state.tick));
    }
    this.tick = cp.tick;
    this.status = cp.status === 'ended' ? 'ended' : 'paused';
    if (this.status === 'paused') this.computeBaselinesAhead();
    // The round had ended and its runs were not all stored: end it again, the same way.
    if (cp.ending && this.status !== 'ended') this.end(cp.ending.complete);
  }
}

/** The runs a checkpoint holds, by id: none in the lobby, the seats that play in a race, the shared one in co-op. */
export function checkpointRunIds(cp: Checkpoint): string[] {
  if (cp.status === 'lobby') return [];
  return cp.kind === 'race' ? cp.seats.filter((s) => s.playing).map((s) => s.seatId) : [MAIN_RUN];
}

function fmt(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function ok(): Result {
  return { ok: true, value: {} };
}
