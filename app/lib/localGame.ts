import {
  checkAction, cpuViews, createGame, isFinished, pinnedTasks, resultOf, stepInPlace,
  type Action, type BotName, type GameState, type RefusalReason, type RunResult, type Scenario,
} from '../../server/engine';
import { Timeline } from './timeline';

/**
 * Solo play: the engine running in the browser. The player's moves are checked at
 * once with checkAction (instant feedback), stamped with the tick about to run,
 * and applied by the next step; every action passed to step() is kept in `log`, so
 * the server can re-simulate the run from {seed, log} and get the same hash.
 */
export class LocalGame {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly bot: BotName;
  readonly state: GameState;
  readonly timeline: Timeline;
  readonly log: Action[] = [];
  /** Moves accepted for the tick about to run (one per task: a later move replaces an earlier one). */
  pending: Action[] = [];

  constructor(scenario: Scenario, options: { seed?: number; bot?: BotName } = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.bot = options.bot ?? scenario.balancer;
    this.state = createGame(scenario, { seed: this.seed, bot: this.bot });
    this.timeline = new Timeline(scenario);
  }

  get finished(): boolean {
    return isFinished(this.state);
  }

  /**
   * Queues a move for the next tick, or says why it cannot happen. A sleeping task
   * whose next release is known gets a `place` action stamped with that release
   * tick instead: the player decides where it wakes, which a move after the fact
   * cannot undo (it may have entered a migrate_disable() section by then).
   */
  migrate(task: string, cpu: number): RefusalReason | null {
    const t = this.scenario.tasks.findIndex((spec) => spec.id === task);
    const ts = t >= 0 ? this.state.tasks[t] : undefined;
    if (ts && !ts.runnable && ts.jobs.length === 0 && ts.nextRelease >= this.state.tick) {
      if (this.finished) return 'finished';
      if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.scenario.cpus) return 'unknown-cpu';
      if (!this.scenario.tasks[t].affinity.includes(cpu)) return 'affinity';
      this.planned = this.planned.filter((a) => a.task !== task);
      this.planned.push({ tick: ts.nextRelease, type: 'place', task, cpu });
      return null;
    }
    const action: Action = { tick: this.state.tick, type: 'migrate', task, cpu };
    const reason = checkAction(this.state, action);
    if (reason) return reason;
    this.pending = this.pending.filter((a) => a.task !== task);
    this.pending.push(action);
    return null;
  }

  /** Wakeup placements chosen ahead of a task's release (applied on its release tick). */
  planned: Action[] = [];

  /** Moves waiting to be applied: this tick's and planned wakeups. */
  get queued(): { task: string; cpu: number; tick: number }[] {
    return [...this.pending, ...this.planned].map((a) => ({ task: a.task, cpu: a.cpu, tick: a.tick }));
  }

  cancel(task: string): void {
    this.pending = this.pending.filter((a) => a.task !== task);
    this.planned = this.planned.filter((a) => a.task !== task);
  }

  /** Runs one tick with the pending moves; false when the run is over. */
  step(): boolean {
    if (this.finished) return false;
    const now = this.state.tick;
    // Planned wakeups first: a place must land on the release tick, before any move of that tick.
    const batch = [...this.planned.filter((a) => a.tick === now), ...this.pending];
    this.planned = this.planned.filter((a) => a.tick > now);
    this.pending = [];
    stepInPlace(this.state, batch);
    this.log.push(...batch);
    this.timeline.record(this.state.tick - 1, this.state.events, cpuViews(this.state), pinnedTasks(this.state));
    return true;
  }

  /** Runs up to `n` ticks; returns how many ran. */
  advance(n: number): number {
    let ran = 0;
    while (ran < n && this.step()) ran++;
    return ran;
  }

  result(): RunResult {
    return resultOf(this.state);
  }
}
