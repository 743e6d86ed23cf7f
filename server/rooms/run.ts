import {
  checkAction, cpuViews, createGame, hashState, isFinished, NONE, pinnedTasks, scoreOf, stepInPlace, summarize,
  type Action, type BotName, type GameState, type RefusalReason, type Scenario,
} from '../engine';
import { actionReason, type Frame, type FrameEvent, type RunStats, type RunView } from '../protocol';
import type { Result } from './result';

/**
 * The immediate answer to a move. A `place` is about a task waking on the very
 * tick it applies to, which has not run yet, so only what cannot change by then
 * is checked here; step() decides the rest (a refused event in the frame).
 */
function preview(state: GameState, action: Action): RefusalReason | null {
  if (action.type !== 'place') return checkAction(state, action);
  if (isFinished(state)) return 'finished';
  if (!state.scenario.tasks.some((t) => t.id === action.task)) return 'unknown-task';
  if (action.cpu >= state.cpus.length) return 'unknown-cpu';
  return null;
}

/** At most this many actions wait for one tick of one run (the rate limit catches floods earlier). */
export const MAX_ACTIONS_PER_TICK = 32;

/** Sleeping tasks waking within this many ticks are announced in frames (they can be placed ahead). */
export const INCOMING_HORIZON = 30;

interface Plan {
  cpu: number;
  player?: string;
  owned?: number[];
}

export interface PlayerMove {
  type: 'migrate' | 'place';
  task: string;
  cpu: number;
}

/**
 * One simulation the room owns: its state (stepped in place), the actions waiting
 * for the next tick, and the log of everything passed to step(), which is the
 * run's replay (simulate(scenario, {seed, bot, actions: log}) reproduces it).
 */
export class Run {
  readonly state: GameState;
  readonly log: Action[] = [];
  private pending: Action[] = [];
  /**
   * Wakeup placements chosen ahead of time for sleeping tasks: each becomes a
   * `place` action stamped with the task's release tick, so the log replays as played.
   */
  private plans = new Map<string, Plan>();
  private eventBuffer: FrameEvent[] = [];
  /** Frames sent so far; a client seeing anything but last+1 resyncs. */
  version = 0;
  /** Ticks run since the last frame. */
  ticksSinceFrame = 0;

  constructor(
    readonly id: string,
    scenario: Scenario,
    seed: number,
    bot: BotName,
    readonly seatId?: string,
  ) {
    this.state = createGame(scenario, { seed, bot });
  }

  get finished(): boolean {
    return isFinished(this.state);
  }

  /**
   * Stamps a move with the next tick to run and queues it. The preview with
   * checkAction gives the player an immediate answer; the authoritative one is
   * what step() does (a refused event in the frame if the tick's earlier
   * actions changed the picture).
   */
  submit(move: PlayerMove, player?: string, owned?: number[]): Result<{ tick: number }> {
    const tick = this.state.tick;
    if (move.type === 'place') {
      const planned = this.plan(move, player, owned);
      if (planned) return planned;
    }
    const action: Action = { tick, type: move.type, task: move.task, cpu: move.cpu, ...(player !== undefined ? { player } : {}), ...(owned ? { owned: [...owned] } : {}) };
    const refusal = preview(this.state, action);
    if (refusal) return { ok: false, reason: actionReason(refusal) };
    if (this.pending.length >= MAX_ACTIONS_PER_TICK) return { ok: false, reason: 'rate/limited', detail: 'too many actions this tick' };
    this.pending.push(action);
    return { ok: true, value: { tick } };
  }

  /**
   * A `place` for a task asleep now and waking on a later tick is kept as a plan
   * (the answer is the tick it will apply at); null when the move is for this tick.
   */
  private plan(move: PlayerMove, player?: string, owned?: number[]): Result<{ tick: number }> | null {
    const s = this.state;
    const t = s.scenario.tasks.findIndex((spec) => spec.id === move.task);
    if (t < 0 || isFinished(s)) return null;
    const task = s.tasks[t];
    if (task.runnable || task.nextRelease === NONE || task.nextRelease <= s.tick) return null;
    if (!Number.isInteger(move.cpu) || move.cpu < 0 || move.cpu >= s.cpus.length) return { ok: false, reason: actionReason('unknown-cpu') };
    if (!s.scenario.tasks[t].affinity.includes(move.cpu)) return { ok: false, reason: actionReason('affinity') };
    if (owned && !owned.includes(task.cpu)) return { ok: false, reason: actionReason('not-owner') };
    this.plans.set(move.task, { cpu: move.cpu, ...(player !== undefined ? { player } : {}), ...(owned ? { owned: [...owned] } : {}) });
    return { ok: true, value: { tick: task.nextRelease } };
  }

  /**
   * Plans due this tick become place actions, ahead of this tick's other moves (they
   * were chosen first). A planned task sleeps until its release, so it is always waking then.
   */
  private duePlans(): Action[] {
    const out: Action[] = [];
    if (this.plans.size === 0) return out;
    const s = this.state;
    for (const [id, plan] of this.plans) {
      const task = s.tasks[s.scenario.tasks.findIndex((spec) => spec.id === id)];
      if (task.nextRelease !== s.tick) continue;
      out.push({ tick: s.tick, type: 'place', task: id, cpu: plan.cpu, ...(plan.player !== undefined ? { player: plan.player } : {}), ...(plan.owned ? { owned: plan.owned } : {}) });
      this.plans.delete(id);
    }
    return out;
  }

  /** Sleeping tasks waking within the horizon, soonest first, and this run's plans. */
  private upcoming(): Pick<RunView, 'incoming' | 'plans'> {
    const s = this.state;
    const incoming: { task: string; at: number }[] = [];
    s.tasks.forEach((task, t) => {
      if (!task.runnable && task.nextRelease !== NONE && task.nextRelease - s.tick < INCOMING_HORIZON) incoming.push({ task: s.scenario.tasks[t].id, at: task.nextRelease });
    });
    incoming.sort((a, b) => a.at - b.at || a.task.localeCompare(b.task));
    return { incoming, plans: [...this.plans].map(([task, p]) => ({ task, cpu: p.cpu })) };
  }

  /** Runs one tick with the queued actions and logs them. */
  stepOnce(): void {
    if (this.finished) return;
    const actions = [...this.duePlans(), ...this.pending];
    this.pending = [];
    stepInPlace(this.state, actions);
    this.ticksSinceFrame++;
    for (const a of actions) this.log.push(a);
    const tick = this.state.tick - 1;
    // step() starts a fresh events array every tick, so these objects are ours now: stamp them in place (no copy).
    for (const e of this.state.events) {
      (e as FrameEvent).tick = tick;
      this.eventBuffer.push(e as FrameEvent);
    }
  }

  /** Replays a logged action list (checkpoint resume): steps until `tick`, feeding each tick its actions. */
  replayTo(log: readonly Action[], tick: number): void {
    let k = 0;
    while (this.state.tick < tick && !this.finished) {
      while (k < log.length && log[k].tick <= this.state.tick) this.pending.push(log[k++]);
      this.stepOnce();
    }
    this.eventBuffer = [];
    this.ticksSinceFrame = 0;
  }

  stats(): RunStats {
    const s = this.state;
    const m = s.metrics;
    let pending = 0;
    let lateness = 0;
    for (const t of s.tasks) {
      for (const job of t.jobs) {
        if (job.missed) lateness += s.tick - job.deadline;
        else pending++;
      }
    }
    const tardiness = m.tardiness + lateness;
    return {
      score: scoreOf({ met: m.met, missed: m.missed, tardiness, strandedCpuTicks: m.strandedCpuTicks }),
      met: m.met,
      missed: m.missed,
      pending,
      tardiness,
      stranded: m.strandedCpuTicks,
      wasted: m.wastedCpuTicks,
      migrations: m.migrations,
      refused: m.refusedActions,
    };
  }

  /** The next frame: everything since the last one. Bumps the version. */
  frame(roomId: string): Frame {
    this.version++;
    this.ticksSinceFrame = 0;
    const events = this.eventBuffer;
    this.eventBuffer = [];
    return {
      roomId,
      runId: this.id,
      tick: this.state.tick,
      version: this.version,
      cpus: cpuViews(this.state),
      pinned: pinnedTasks(this.state),
      ...this.upcoming(),
      events,
      stats: this.stats(),
    };
  }

  hasNews(): boolean {
    return this.eventBuffer.length > 0;
  }

  view(): RunView {
    return {
      runId: this.id,
      ...(this.seatId !== undefined ? { seatId: this.seatId } : {}),
      tick: this.state.tick,
      version: this.version,
      finished: this.finished,
      cpus: cpuViews(this.state),
      pinned: pinnedTasks(this.state),
      ...this.upcoming(),
      stats: this.stats(),
    };
  }

  result(): { finalHash: string; score: number; metrics: ReturnType<typeof summarize> } {
    const metrics = summarize(this.state);
    return { finalHash: hashState(this.state), score: scoreOf(metrics), metrics };
  }
}
