import { cloneState, createGame, isFinished, type GameOptions } from './game';
import { hashState } from './hash';
import type { Scenario } from './scenario';
import { checkAction, decidingCpu, stepInPlace } from './step';
import { liveStats, scoreOf, summarize, type LiveStats, type MetricsSummary } from './summary';
import { NONE, type Action, type GameState, type RefusalReason } from './types';

/**
 * A run in progress, wherever it runs: a room on the server, solo play in the
 * browser, a replay, a verification, the runner. It owns the state, the action log
 * (everything given to step(), which is the run's replay), the moves waiting for the
 * next tick and the wakeup placements planned ahead. Every path steps through
 * `step()` below, so a log played live and the same log replayed cannot disagree.
 */

/** Sleeping tasks waking within this many ticks (now included) are announced: players may place them ahead. */
export const INCOMING_HORIZON = 30;

/** Who submits a move: a player's name for the log, and in co-op the CPUs the seat owns. */
export interface Actor {
  player?: string;
  owned?: readonly number[];
}

/**
 * What a submitted move became. A task asleep now whose next wakeup is announced
 * (within the session's horizon) gets a `place` stamped with that wakeup tick: the
 * player decides where it wakes, which a migration after the fact cannot undo (it
 * may pin itself first). Anything else is a `migrate` stamped with the next tick to run.
 */
export type Submission =
  | { ok: true; type: Action['type']; tick: number }
  | { ok: false; reason: RefusalReason };

export interface Upcoming {
  task: string;
  at: number;
}

/** A point to come back to (replay scrubbing): the state and how much of the log it consumed. */
export interface SessionSnapshot {
  state: GameState;
  consumed: number;
}

export class Session {
  readonly state: GameState;
  /** Everything given to step(), in order; actions past `consumed` wait for their tick (a replay's script). */
  private actions: Action[];
  /** The log came from the caller: copy it before the first write. */
  private borrowed: boolean;
  private consumed: number;
  /** Moves for the next tick to run, in arrival order. */
  private moves: Action[] = [];
  /** Wakeup placements chosen ahead, one per task, each stamped with the task's wakeup tick. */
  private plans: Action[] = [];
  private readonly batch: Action[] = [];
  /** How far ahead wakeups are announced, and so may be planned. */
  readonly horizon = INCOMING_HORIZON;

  private constructor(state: GameState, log: readonly Action[], consumed: number, borrowed: boolean) {
    this.state = state;
    this.actions = log as Action[];
    this.borrowed = borrowed;
    this.consumed = consumed;
  }

  /** The run's replay: simulate(scenario, {seed, bot, actions: log}) reproduces it. */
  get log(): readonly Action[] {
    return this.actions;
  }

  /** A fresh run, played live. */
  static start(scenario: Scenario, options: GameOptions = {}): Session {
    return new Session(createGame(scenario, options), [], 0, false);
  }

  /**
   * A run that plays `actions` (a replay, a verification, a checkpoint), then goes on
   * live if moves are submitted. The log is read in place, copied only on a first write.
   */
  static replay(scenario: Scenario, options: GameOptions, actions: readonly Action[]): Session {
    return new Session(createGame(scenario, options), actions, 0, true);
  }

  /**
   * Carries on from a state (taken over, not copied) with the log's actions from its
   * tick on: what a search does after branching on a copied state.
   */
  static continueFrom(state: GameState, log: readonly Action[]): Session {
    let consumed = 0;
    while (consumed < log.length && log[consumed].tick < state.tick) consumed++;
    return new Session(state, log, consumed, true);
  }

  /** Back to a snapshot taken from a session over the same log. */
  static restore(snapshot: SessionSnapshot, log: readonly Action[]): Session {
    return new Session(cloneState(snapshot.state), log, snapshot.consumed, true);
  }

  snapshot(): SessionSnapshot {
    return { state: cloneState(this.state), consumed: this.consumed };
  }

  get tick(): number {
    return this.state.tick;
  }

  get finished(): boolean {
    return isFinished(this.state);
  }

  /**
   * Decides what a move is (see Submission), checks it against the state as it is
   * now and queues it. A later move by the same actor for the same task replaces
   * the earlier one; moves of different actors keep their arrival order.
   */
  submit(task: string, cpu: number, actor: Actor = {}): Submission {
    const s = this.state;
    if (this.consumed < this.actions.length) throw new Error('Session: a move submitted while the log still has actions to replay');
    if (isFinished(s)) return { ok: false, reason: 'finished' };
    const t = s.scenario.tasks.findIndex((spec) => spec.id === task);
    if (t < 0) return { ok: false, reason: 'unknown-task' };
    const wake = this.nextWakeup(t);
    // A placement is for a wakeup the players were told about; other sleeping tasks are not runnable yet.
    if (wake !== NONE) return wake - s.tick < this.horizon ? this.plan(t, wake, cpu, actor) : { ok: false, reason: 'not-runnable' };
    const action = this.stamp({ tick: s.tick, type: 'migrate', task, cpu }, actor);
    const reason = checkAction(s, action);
    if (reason) return { ok: false, reason };
    this.moves = this.moves.filter((a) => !(a.task === task && a.player === action.player));
    this.moves.push(action);
    return { ok: true, type: 'migrate', tick: s.tick };
  }

  /** Withdraws this actor's queued move and planned placement for a task. */
  cancel(task: string, actor: Actor = {}): void {
    const mine = (a: Action) => a.task === task && a.player === actor.player;
    this.moves = this.moves.filter((a) => !mine(a));
    this.plans = this.plans.filter((a) => !mine(a));
  }

  /**
   * A co-op seat's CPUs changed (the host reassigned one, or the seat was kicked:
   * `owned` undefined). Its queued moves and plans now carry the new ownership, and
   * those it no longer decides are withdrawn, so nothing applies on the authority
   * the seat had when it asked (step() checks the carried ownership on the tick).
   */
  reown(player: string, owned?: readonly number[]): void {
    const s = this.state;
    const keep = (a: Action): Action | null => {
      if (a.player !== player) return a;
      if (!owned) return null;
      const t = s.scenario.tasks.findIndex((spec) => spec.id === a.task);
      const next = { ...a, owned: [...owned] };
      return t >= 0 && owned.includes(decidingCpu(a, s.tasks[t].cpu)) ? next : null;
    };
    this.moves = this.moves.map(keep).filter((a): a is Action => a !== null);
    this.plans = this.plans.map(keep).filter((a): a is Action => a !== null);
  }

  /**
   * Puts back moves and plans taken from `queued` of a session at the same tick (a
   * checkpoint); each is checked again as if just submitted, so a stale one is dropped.
   */
  requeue(actions: readonly Action[]): void {
    for (const a of actions) {
      const owned = a.owned;
      if (a.type === 'place' ? a.tick < this.state.tick : a.tick !== this.state.tick) continue;
      this.submit(a.task, a.cpu, { ...(a.player !== undefined ? { player: a.player } : {}), ...(owned ? { owned } : {}) });
    }
  }

  /** Moves and planned placements not applied yet, in the order they will apply. */
  get queued(): readonly Action[] {
    return [...this.moves, ...this.plans];
  }

  get pendingMoves(): number {
    return this.moves.length;
  }

  /** Sleeping tasks waking within the horizon (the next tick to run included), soonest first. */
  incoming(): Upcoming[] {
    const horizon = this.horizon;
    const s = this.state;
    const out: Upcoming[] = [];
    for (let t = 0; t < s.tasks.length; t++) {
      const at = this.nextWakeup(t);
      if (at !== NONE && at - s.tick < horizon) out.push({ task: s.scenario.tasks[t].id, at });
    }
    return out.sort((a, b) => a.at - b.at || (a.task < b.task ? -1 : a.task > b.task ? 1 : 0));
  }

  /**
   * Whether incoming() would list exactly `list` (any order), without building it: the rooms ask
   * for every run on every tick, and most ticks nothing comes into view.
   */
  incomingIs(list: readonly Upcoming[]): boolean {
    const horizon = this.horizon;
    const s = this.state;
    let n = 0;
    for (let t = 0; t < s.tasks.length; t++) {
      const at = this.nextWakeup(t);
      if (at === NONE || at - s.tick >= horizon) continue;
      n++;
      const id = s.scenario.tasks[t].id;
      let found = false;
      for (const u of list) if (u.task === id && u.at === at) found = true;
      if (!found) return false;
    }
    return n === list.length;
  }

  /** The wakeup placements planned ahead, as the task and the CPU it will wake on. */
  planned(): { task: string; cpu: number }[] {
    return this.plans.map((a) => ({ task: a.task, cpu: a.cpu }));
  }

  stats(): LiveStats {
    return liveStats(this.state);
  }

  /**
   * Runs one tick: this tick's planned placements (chosen first, so they apply
   * before this tick's migrations) and queued moves join the log, then the log's
   * actions due by now are applied. False when the run is over.
   */
  step(): boolean {
    const s = this.state;
    if (isFinished(s)) return false;
    if (this.moves.length > 0 || this.plans.length > 0) this.logDueMoves(s.tick);
    const batch = this.batch;
    if (batch.length > 0) batch.length = 0; // truncating is a runtime call in V8: skip it when empty
    // The one rule for which logged actions apply at a tick: every action stamped at or
    // before it, in log order. Late ones reach step() and are refused as wrong-tick.
    const log = this.actions;
    while (this.consumed < log.length && log[this.consumed].tick <= s.tick) batch.push(log[this.consumed++]);
    stepInPlace(s, batch);
    return true;
  }

  /** Runs up to `n` ticks; returns how many ran. */
  advance(n: number): number {
    let ran = 0;
    while (ran < n && this.step()) ran++;
    return ran;
  }

  /** Runs until `tick` ticks have run (or the run ends). */
  runTo(tick: number): void {
    while (this.state.tick < tick && this.step());
  }

  /** The final figures as of now (the whole run's once finished). */
  result(): { finalHash: string; score: number; metrics: MetricsSummary } {
    const metrics = summarize(this.state);
    return { finalHash: hashState(this.state), score: scoreOf(metrics), metrics };
  }

  /** The tick a sleeping task wakes next, if that is within the run; NONE when it is awake or wakes no more. */
  private nextWakeup(t: number): number {
    const s = this.state;
    const task = s.tasks[t];
    if (task.runnable || task.nextRelease === NONE) return NONE;
    return task.nextRelease >= s.tick && task.nextRelease < s.scenario.duration ? task.nextRelease : NONE;
  }

  /**
   * A placement for a sleeping task. Only what cannot change before it wakes is
   * checked now (the CPU, the affinity, who decides); step() checks again on the tick.
   */
  private plan(t: number, wake: number, cpu: number, actor: Actor): Submission {
    const s = this.state;
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= s.cpus.length) return { ok: false, reason: 'unknown-cpu' };
    if (!s.scenario.tasks[t].affinity.includes(cpu)) return { ok: false, reason: 'affinity' };
    const action = this.stamp({ tick: wake, type: 'place', task: s.scenario.tasks[t].id, cpu }, actor);
    if (action.owned && !action.owned.includes(decidingCpu(action, s.tasks[t].cpu))) return { ok: false, reason: 'not-owner' };
    // One plan per task: the latest choice wins, whoever made it (the task wakes once).
    this.plans = this.plans.filter((a) => a.task !== action.task);
    this.plans.push(action);
    return { ok: true, type: 'place', tick: wake };
  }

  private stamp(base: Action, actor: Actor): Action {
    return {
      ...base,
      ...(actor.player !== undefined ? { player: actor.player } : {}),
      ...(actor.owned ? { owned: [...actor.owned] } : {}),
    };
  }

  /** Moves the plans due now, then the queued moves, onto the log (stamped with this tick). */
  private logDueMoves(tick: number): void {
    if (this.borrowed) {
      this.actions = this.actions.slice();
      this.borrowed = false;
    }
    for (const a of this.plans) if (a.tick === tick) this.actions.push(a);
    this.plans = this.plans.filter((a) => a.tick !== tick);
    for (const a of this.moves) this.actions.push(a);
    this.moves = [];
  }
}
