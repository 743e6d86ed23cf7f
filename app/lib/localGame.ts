import {
  cpuViews, pinnedTasks, resultOf, Session,
  type Action, type BotName, type GameState, type RefusalReason, type RunResult, type Scenario,
} from '../../server/engine';
import { applyOrders, decisionPoints, DecisionWatch, ordersFor, type DecisionPoint, type StandingOrder } from '../../server/engine/orders';
import { Timeline } from './timeline';

/**
 * Solo play: an engine Session in the browser, plus the timeline it draws. The
 * session decides what a move is (a migration now, or where a sleeping task will
 * wake), checks it at once (instant feedback) and logs every action given to
 * step(), so the server re-simulates the run from {seed, log} to the same hash.
 *
 * Standing orders, when set, are turned into ordinary moves right before each tick
 * (server/engine/orders): they join the same log, so the server checks what they did
 * and never needs to know they existed.
 */
export class LocalGame {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly bot: BotName;
  readonly session: Session;
  readonly timeline: Timeline;
  private orders: readonly StandingOrder[] = [];
  private readonly watch = new DecisionWatch();
  /** The decision points of the current state that were new when it was reached (see DecisionWatch). */
  private freshPoints: DecisionPoint[];

  constructor(scenario: Scenario, options: { seed?: number; bot?: BotName } = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.bot = options.bot ?? scenario.balancer;
    this.session = Session.start(scenario, { seed: this.seed, bot: this.bot });
    this.timeline = new Timeline(scenario);
    this.freshPoints = this.watch.observe(this.points());
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

  /** Standing orders played before every tick from now on (empty: none). */
  setOrders(orders: readonly StandingOrder[]): void {
    this.orders = orders;
  }

  get standingOrders(): readonly StandingOrder[] {
    return this.orders;
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

  /**
   * Decisions open now: wakers nobody placed yet, idle CPUs beside movable waiting
   * tasks. What the player queued, and what the standing orders will do this tick, is
   * decided already.
   */
  points(): DecisionPoint[] {
    const queued = new Set(this.session.queued.map((a) => a.task));
    const byOrders = this.orders.length > 0 ? ordersFor(this.state, this.orders, queued) : [];
    for (const a of byOrders) queued.add(a.task);
    const filled = new Set(byOrders.map((a) => a.cpu));
    return decisionPoints(this.state, queued).filter((p) => p.kind === 'wake' || !filled.has(p.cpu));
  }

  /** The decision points that appeared with the current state (the reasons to pause here), less those decided since. */
  get newDecisions(): DecisionPoint[] {
    const queued = new Set(this.session.queued.map((a) => a.task));
    return this.freshPoints.filter((p) => !queued.has(p.task));
  }

  /** Runs one tick with the queued moves (and the orders' moves); false when the run is over. */
  step(): boolean {
    if (this.orders.length > 0) applyOrders(this.session, this.orders);
    if (!this.session.step()) return false;
    this.timeline.record(this.state.tick - 1, this.state.events, cpuViews(this.state), pinnedTasks(this.state));
    this.freshPoints = this.finished ? [] : this.watch.observe(this.points());
    return true;
  }

  /**
   * Runs up to `n` ticks; returns how many ran. With `stopAtDecision`, stops as soon
   * as a tick ends on a new decision point (auto-pause).
   */
  advance(n: number, options: { stopAtDecision?: boolean } = {}): number {
    let ran = 0;
    while (ran < n && this.step()) {
      ran++;
      if (options.stopAtDecision && this.newDecisions.length > 0) break;
    }
    return ran;
  }

  /**
   * Runs to the next decision point: at least one tick, then until a tick ends on a
   * new one (or the run ends). `includeNow`: stay put if the current state already is one.
   */
  toNextDecision(options: { includeNow?: boolean } = {}): number {
    if (options.includeNow && this.newDecisions.length > 0) return 0;
    return this.advance(this.scenario.duration, { stopAtDecision: true });
  }

  result(): RunResult {
    return resultOf(this.state);
  }
}
