import {
  cloneState, createGame, cpuViews, isFinished, pinnedTasks, stepInPlace,
  type Action, type BotName, type GameState, type Scenario,
} from '../../server/engine';
import { Timeline } from './timeline';

/**
 * A replay: the fold of the engine over an action log, with snapshots every
 * `every` ticks so that scrubbing to any tick costs at most `every` steps. State is
 * plain data, so a snapshot is a cloneState.
 */
export interface ReplayInput {
  scenario: Scenario;
  seed: number;
  actions: readonly Action[];
  bot?: BotName;
}

/** Actions grouped by the tick they are stamped with; late ones reach step() and are refused, as in simulate(). */
function actionsFor(actions: readonly Action[], tick: number, from: number): { batch: Action[]; next: number } {
  const batch: Action[] = [];
  let k = from;
  while (k < actions.length && actions[k].tick <= tick) batch.push(actions[k++]);
  return { batch, next: k };
}

export class ReplayTape {
  readonly input: ReplayInput;
  readonly every: number;
  readonly duration: number;
  /** The whole run's Gantt, recorded once. */
  readonly timeline: Timeline;
  /** Final state of the run. */
  readonly final: GameState;
  private readonly snapshots: { state: GameState; k: number }[] = [];

  constructor(input: ReplayInput, every = 50) {
    this.input = input;
    this.every = Math.max(1, Math.floor(every));
    this.duration = input.scenario.duration;
    this.timeline = new Timeline(input.scenario);
    const s = createGame(input.scenario, { seed: input.seed, ...(input.bot ? { bot: input.bot } : {}) });
    let k = 0;
    while (!isFinished(s)) {
      if (s.tick % this.every === 0) this.snapshots.push({ state: cloneState(s), k });
      const { batch, next } = actionsFor(input.actions, s.tick, k);
      k = next;
      stepInPlace(s, batch);
      this.timeline.record(s.tick - 1, s.events, cpuViews(s), pinnedTasks(s));
    }
    this.snapshots.push({ state: cloneState(s), k });
    this.final = s;
  }

  /** The state after `tick` ticks (0..duration): the nearest snapshot at or before it, stepped forward. */
  stateAt(tick: number): GameState {
    return this.cursorAt(tick).state;
  }

  /** A private cursor (state + position in the action log) at `tick`, for scrubbing then playing on. */
  cursorAt(tick: number): ReplayCursor {
    const t = Math.max(0, Math.min(this.duration, Math.floor(tick)));
    let i = Math.min(Math.floor(t / this.every), this.snapshots.length - 1);
    while (i > 0 && this.snapshots[i].state.tick > t) i--;
    const snap = this.snapshots[i];
    const cursor = { state: cloneState(snap.state), k: snap.k };
    this.advance(cursor, t - cursor.state.tick);
    return cursor;
  }

  /** Steps a cursor forward by up to `n` ticks (playing), exactly as the run did. */
  advance(cursor: ReplayCursor, n: number): void {
    const s = cursor.state;
    for (let i = 0; i < n && !isFinished(s); i++) {
      const { batch, next } = actionsFor(this.input.actions, s.tick, cursor.k);
      cursor.k = next;
      stepInPlace(s, batch);
    }
  }
}

export interface ReplayCursor {
  state: GameState;
  /** Actions consumed so far. */
  k: number;
}
