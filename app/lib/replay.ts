import {
  cpuViews, pinnedTasks, Session,
  type Action, type BotName, type GameState, type Scenario, type SessionSnapshot,
} from '../../server/engine';
import { Timeline } from './timeline';

/**
 * A replay: an engine Session over the run's action log, with snapshots every
 * `every` ticks so that scrubbing to any tick costs at most `every` steps.
 */
export interface ReplayInput {
  scenario: Scenario;
  seed: number;
  actions: readonly Action[];
  bot?: BotName;
}

/** A private position in the replay (scrub to it, then play on): a session over the tape's log. */
export type ReplayCursor = Session;

export class ReplayTape {
  readonly input: ReplayInput;
  readonly every: number;
  readonly duration: number;
  /** The whole run's Gantt, recorded once. */
  readonly timeline: Timeline;
  /** Final state of the run. */
  readonly final: GameState;
  private readonly snapshots: SessionSnapshot[] = [];

  constructor(input: ReplayInput, every = 50) {
    this.input = input;
    this.every = Math.max(1, Math.floor(every));
    this.duration = input.scenario.duration;
    this.timeline = new Timeline(input.scenario);
    const session = Session.replay(input.scenario, { seed: input.seed, ...(input.bot ? { bot: input.bot } : {}) }, input.actions);
    const s = session.state;
    while (!session.finished) {
      if (s.tick % this.every === 0) this.snapshots.push(session.snapshot());
      session.step();
      this.timeline.record(s.tick - 1, s.events, cpuViews(s), pinnedTasks(s));
    }
    this.snapshots.push(session.snapshot());
    this.final = s;
  }

  /** The state after `tick` ticks (0..duration): the nearest snapshot at or before it, stepped forward. */
  stateAt(tick: number): GameState {
    return this.cursorAt(tick).state;
  }

  /** A private cursor at `tick`, for scrubbing then playing on. */
  cursorAt(tick: number): ReplayCursor {
    const t = Math.max(0, Math.min(this.duration, Math.floor(tick)));
    let i = Math.min(Math.floor(t / this.every), this.snapshots.length - 1);
    while (i > 0 && this.snapshots[i].state.tick > t) i--;
    const cursor = Session.restore(this.snapshots[i], this.input.actions);
    cursor.advance(t - cursor.tick);
    return cursor;
  }
}
