import {
  cpuViews, pinnedTasks, resultOf, Session,
  type Action, type BotName, type GameState, type RefusalReason, type RunResult, type Scenario,
} from '../../server/engine';
import { Timeline } from './timeline';

/**
 * Solo play: an engine Session in the browser, plus the timeline it draws. The
 * session decides what a move is (a migration now, or where a sleeping task will
 * wake), checks it at once (instant feedback) and logs every action given to
 * step(), so the server re-simulates the run from {seed, log} to the same hash.
 */
export class LocalGame {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly bot: BotName;
  readonly session: Session;
  readonly timeline: Timeline;

  constructor(scenario: Scenario, options: { seed?: number; bot?: BotName } = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.bot = options.bot ?? scenario.balancer;
    this.session = Session.start(scenario, { seed: this.seed, bot: this.bot });
    this.timeline = new Timeline(scenario);
  }

  get state(): GameState {
    return this.session.state;
  }

  get log(): readonly Action[] {
    return this.session.log;
  }

  get finished(): boolean {
    return this.session.finished;
  }

  /** Queues a move (see Session.submit), or says why it cannot happen. */
  migrate(task: string, cpu: number): RefusalReason | null {
    const r = this.session.submit(task, cpu);
    return r.ok ? null : r.reason;
  }

  /** Moves waiting to be applied: this tick's and planned wakeups. */
  get queued(): { task: string; cpu: number; tick: number }[] {
    return this.session.queued.map((a) => ({ task: a.task, cpu: a.cpu, tick: a.tick }));
  }

  cancel(task: string): void {
    this.session.cancel(task);
  }

  /** Runs one tick with the queued moves; false when the run is over. */
  step(): boolean {
    if (!this.session.step()) return false;
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
